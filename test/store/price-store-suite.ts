import { describe, expect, it } from 'vitest';
import { KyselyPriceStore } from '../../src/store/kysely-price-store.js';
import { useFreshDatabase, type StoreBackend } from './store-backend.js';
import { bar, manyBars, NOW } from './sample-rows.js';

/** KyselyPriceStore behaviour, for any backend. */
export function definePriceStoreSuite(backend: StoreBackend): void {
  describe('KyselyPriceStore', () => {
    const fresh = useFreshDatabase(backend);

    it('round-trips bars ordered by symbol then date, within the date range', async () => {
      const store = new KyselyPriceStore(await fresh.open());
      const bars = [
        bar('MSFT', '2025-01-03', 10),
        bar('AAPL', '2025-01-03', 2),
        bar('AAPL', '2025-01-02', 1),
        bar('MSFT', '2025-01-02', 9),
      ];
      expect(await store.saveBars(bars, 'alphavantage')).toBe(4);
      expect(await store.loadBars(['MSFT', 'AAPL'], '2025-01-01', '2025-01-31')).toEqual([
        bar('AAPL', '2025-01-02', 1),
        bar('AAPL', '2025-01-03', 2),
        bar('MSFT', '2025-01-02', 9),
        bar('MSFT', '2025-01-03', 10),
      ]);
      expect(await store.loadBars(['AAPL', 'NVDA'], '2025-01-03', '2025-01-03')).toEqual([
        bar('AAPL', '2025-01-03', 2),
      ]);
      expect(await store.loadBars([], '2025-01-01', '2025-01-31')).toEqual([]);
    });

    it('replaces a stored bar and its source on a second save of the same symbol and date', async () => {
      const store = new KyselyPriceStore(await fresh.open());
      await store.saveBars([bar('AAPL', '2025-01-02', 1), bar('AAPL', '2025-01-03', 2)], 'synthetic');
      await store.saveBars([bar('AAPL', '2025-01-02', 50)], 'alphavantage');
      await store.saveBars([bar('AAPL', '2025-01-03', 60)], 'alphavantage');
      expect(await store.loadBars(['AAPL'], '2025-01-01', '2025-01-31')).toEqual([
        bar('AAPL', '2025-01-02', 50),
        bar('AAPL', '2025-01-03', 60),
      ]);
      expect(await store.barCountsBySource(['AAPL'], '2025-01-01', '2025-01-31')).toEqual(
        new Map([['AAPL', { alphavantage: 2 }]]),
      );
    });

    it('keeps the last of duplicate bars within one save', async () => {
      const store = new KyselyPriceStore(await fresh.open());
      expect(
        await store.saveBars([bar('AAPL', '2025-01-02', 1), bar('AAPL', '2025-01-02', 7)], 'import'),
      ).toBe(1);
      expect(await store.loadBars(['AAPL'], '2025-01-02', '2025-01-02')).toEqual([
        bar('AAPL', '2025-01-02', 7),
      ]);
      expect(await store.saveBars([], 'import')).toBe(0);
    });

    it('saves batches larger than one insert statement', async () => {
      const store = new KyselyPriceStore(await fresh.open());
      const bars = manyBars(['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOG'], 2000);
      expect(await store.saveBars(bars, 'import')).toBe(10_000);
      const loaded = await store.loadBars(
        ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOG'],
        '0000-01-01',
        '9999-12-31',
      );
      expect(loaded).toHaveLength(10_000);
      expect(loaded[0]).toEqual(bars.find((b) => b.symbol === 'AAPL'));
      expect(loaded.at(-1)?.symbol).toBe('NVDA');
    });

    it('lists stored dates per symbol, omitting symbols without bars', async () => {
      const store = new KyselyPriceStore(await fresh.open());
      await store.saveBars(
        [
          bar('AAPL', '2025-01-02', 1),
          bar('AAPL', '2025-01-03', 1),
          bar('AAPL', '2025-02-03', 1),
          bar('MSFT', '2025-01-06', 1),
        ],
        'import',
      );
      expect(await store.storedDates(['AAPL', 'MSFT', 'NVDA'], '2025-01-01', '2025-01-31')).toEqual(
        new Map([
          ['AAPL', new Set(['2025-01-02', '2025-01-03'])],
          ['MSFT', new Set(['2025-01-06'])],
        ]),
      );
    });

    it('reads in pieces of a few symbols what it reads in one statement', async () => {
      const db = await fresh.open();
      const whole = new KyselyPriceStore(db);
      // 27 days a symbol, so 60 rows a read is two symbols: five reads for ten symbols.
      const pieces = new KyselyPriceStore(db, { rowsPerRead: 60 });
      const symbols = ['NVDA', 'AAPL', 'MSFT', 'AMZN', 'GOOG', 'META', 'TSLA', 'AVGO', 'COST', 'NFLX'];
      await whole.saveBars(manyBars(symbols.slice(0, 9), 40), 'import');
      const [start, end] = ['2000-01-10', '2000-02-05'];
      const bars = await pieces.loadBars(symbols, start, end);
      expect(bars).toHaveLength(9 * 27);
      expect(bars).toEqual(await whole.loadBars(symbols, start, end));
      const dates = await pieces.storedDates(symbols, start, end);
      expect(dates.size).toBe(9);
      expect(dates).toEqual(await whole.storedDates(symbols, start, end));
    });

    it('returns coverage spans that overlap the requested range', async () => {
      const store = new KyselyPriceStore(await fresh.open());
      const span = (symbol: string, startDate: string, endDate: string) =>
        ({ symbol, startDate, endDate, source: 'alphavantage', fetchedAt: NOW }) as const;
      const inside = span('AAPL', '2025-01-10', '2025-01-20');
      const leftEdge = span('AAPL', '2024-12-01', '2025-01-01');
      const around = span('MSFT', '2024-01-01', '2025-12-31');
      const before = span('AAPL', '2024-01-01', '2024-12-31');
      const after = span('AAPL', '2025-02-01', '2025-02-28');
      const otherSymbol = span('NVDA', '2025-01-01', '2025-01-31');
      for (const s of [inside, leftEdge, around, before, after, otherSymbol]) await store.recordCoverage(s);

      expect(await store.coverage(['AAPL', 'MSFT'], '2025-01-01', '2025-01-31')).toEqual([
        leftEdge,
        inside,
        around,
      ]);
      expect(await store.coverage([], '2025-01-01', '2025-01-31')).toEqual([]);
    });

    it('counts the bars of each source per symbol within the range only', async () => {
      const store = new KyselyPriceStore(await fresh.open());
      // Many synthetic bars before the range must not colour the label of the imported ones in it.
      await store.saveBars(
        ['2024-12-02', '2024-12-03', '2024-12-04', '2024-12-05'].map((date) => bar('AAPL', date, 1)),
        'synthetic',
      );
      await store.saveBars([bar('AAPL', '2025-01-02', 1), bar('AAPL', '2025-01-03', 1)], 'import');
      await store.saveBars([bar('AAPL', '2025-01-06', 1)], 'synthetic');
      await store.saveBars([bar('MSFT', '2025-01-02', 1)], 'alphavantage');
      await store.saveBars([bar('MSFT', '2025-02-03', 1)], 'import');
      expect(await store.barCountsBySource(['AAPL', 'MSFT', 'NVDA'], '2025-01-01', '2025-01-31')).toEqual(
        new Map([
          ['AAPL', { import: 2, synthetic: 1 }],
          ['MSFT', { alphavantage: 1 }],
        ]),
      );
      expect(await store.barCountsBySource(['AAPL'], '2025-01-02', '2025-01-03')).toEqual(
        new Map([['AAPL', { import: 2 }]]),
      );
      expect(await store.barCountsBySource([], '2025-01-01', '2025-01-31')).toEqual(new Map());
    });

    describe('excluding sources (what PROD jobs read)', () => {
      async function mixedStores() {
        const db = await fresh.open();
        const all = new KyselyPriceStore(db);
        const real = new KyselyPriceStore(db, { excludeSources: ['synthetic'] });
        await all.saveBars([bar('AAPL', '2025-01-02', 1), bar('AAPL', '2025-01-03', 2)], 'alphavantage');
        await all.saveBars([bar('AAPL', '2025-01-06', 3)], 'import');
        await all.saveBars(
          [bar('AAPL', '2025-01-07', 90), bar('AAPL', '2025-01-08', 91), bar('AAPL', '2025-01-09', 92)],
          'synthetic',
        );
        await all.saveBars([bar('MSFT', '2025-01-02', 5)], 'synthetic');
        return { db, all, real };
      }

      it('loads and lists only the bars of the other sources', async () => {
        const { all, real } = await mixedStores();
        expect(await real.loadBars(['AAPL', 'MSFT'], '2025-01-01', '2025-01-31')).toEqual([
          bar('AAPL', '2025-01-02', 1),
          bar('AAPL', '2025-01-03', 2),
          bar('AAPL', '2025-01-06', 3),
        ]);
        expect(await real.storedDates(['AAPL', 'MSFT'], '2025-01-01', '2025-01-31')).toEqual(
          new Map([['AAPL', new Set(['2025-01-02', '2025-01-03', '2025-01-06'])]]),
        );
        // The unfiltered store still sees everything.
        expect(await all.loadBars(['AAPL', 'MSFT'], '2025-01-01', '2025-01-31')).toHaveLength(7);
        expect((await all.storedDates(['MSFT'], '2025-01-01', '2025-01-31')).get('MSFT')).toEqual(
          new Set(['2025-01-02']),
        );
      });

      it('counts the bars of the remaining sources only', async () => {
        const { all, real } = await mixedStores();
        const range = ['2025-01-01', '2025-01-31'] as const;
        expect(await all.barCountsBySource(['AAPL', 'MSFT'], ...range)).toEqual(
          new Map([
            ['AAPL', { alphavantage: 2, import: 1, synthetic: 3 }],
            ['MSFT', { synthetic: 1 }],
          ]),
        );
        expect(await real.barCountsBySource(['AAPL', 'MSFT'], ...range)).toEqual(
          new Map([['AAPL', { alphavantage: 2, import: 1 }]]),
        );
      });

      it('ignores coverage spans of the excluded sources', async () => {
        const db = await fresh.open();
        const all = new KyselyPriceStore(db);
        const real = new KyselyPriceStore(db, { excludeSources: ['synthetic'] });
        const span = (source: 'alphavantage' | 'synthetic', startDate: string) =>
          ({ symbol: 'AAPL', startDate, endDate: '2025-01-31', source, fetchedAt: NOW }) as const;
        await all.recordCoverage(span('synthetic', '2025-01-01'));
        await all.recordCoverage(span('alphavantage', '2025-01-10'));
        expect(await real.coverage(['AAPL'], '2025-01-01', '2025-01-31')).toEqual([
          span('alphavantage', '2025-01-10'),
        ]);
        expect(await all.coverage(['AAPL'], '2025-01-01', '2025-01-31')).toHaveLength(2);
      });

      it('still saves through the filter, so a real bar replaces a synthetic one', async () => {
        const { all, real } = await mixedStores();
        expect(await real.saveBars([bar('MSFT', '2025-01-02', 6)], 'alphavantage')).toBe(1);
        expect(await real.loadBars(['MSFT'], '2025-01-01', '2025-01-31')).toEqual([
          bar('MSFT', '2025-01-02', 6),
        ]);
        expect(await all.barCountsBySource(['MSFT'], '2025-01-01', '2025-01-31')).toEqual(
          new Map([['MSFT', { alphavantage: 1 }]]),
        );
      });

      it('treats an empty exclusion list as no filter', async () => {
        const { db, all } = await mixedStores();
        const none = new KyselyPriceStore(db, { excludeSources: [] });
        expect(await none.loadBars(['AAPL', 'MSFT'], '2025-01-01', '2025-01-31')).toHaveLength(7);
        const range = ['2025-01-01', '2025-01-31'] as const;
        expect(await none.barCountsBySource(['AAPL', 'MSFT'], ...range)).toEqual(
          await all.barCountsBySource(['AAPL', 'MSFT'], ...range),
        );
      });
    });
  });
}
