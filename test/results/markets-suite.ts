import { describe, expect, it } from 'vitest';
import { KyselyResultsStore } from '../../src/store/kysely-results-store.js';
import { useFreshDatabase, type StoreBackend } from '../store/store-backend.js';
import { CD5_BARS, seedThreeMarkets } from './market-seed.js';

const CD5 = Object.keys(CD5_BARS);

/** What KyselyResultsStore reads per market, for any backend (market-seed.ts has the rows). */
export function defineMarketsSuite(backend: StoreBackend): void {
  describe('KyselyResultsStore per market', () => {
    const fresh = useFreshDatabase(backend);

    async function seeded(): Promise<KyselyResultsStore> {
      const db = await fresh.open();
      await seedThreeMarkets(db);
      return new KyselyResultsStore(db);
    }

    it("finds a model's days of one market only, each market its own portfolio", async () => {
      const store = await seeded();
      const days = (market: 'us' | 'cn' | 'crypto') =>
        store
          .modelDays({ market, endDate: '2025-11-30', model: 'alpha', includeSuperseded: false })
          .then((rows) => rows.map((d) => [d.date, d.endingValue]));
      expect(await days('us')).toEqual([
        ['2025-11-03', 10100],
        ['2025-11-04', 9999],
        ['2025-11-05', 10098.99],
      ]);
      expect(await days('crypto')).toEqual([
        ['2025-11-02', 50500],
        ['2025-11-03', 49995],
        ['2025-11-04', 50494.95],
      ]);
      expect(await days('cn')).toEqual([
        ['2025-11-03', 101000],
        ['2025-11-04', 100500],
      ]);
      const [bought] = await store.holdingsFor([
        (await store.modelDays({ market: 'crypto', endDate: '2025-11-02', includeSuperseded: false }))[0]!.id,
      ]);
      expect(bought).toMatchObject({ symbol: 'BTC-USDT', quantity: 0.1817 });
    });

    it("knows each job's market, and nothing of a job it has no record of", async () => {
      const store = await seeded();
      expect(await store.jobMarket('crypto-1')).toBe('crypto');
      expect(await store.jobMarket('cn-1')).toBe('cn');
      expect(await store.jobMarket('nope')).toBeNull();
    });

    it("reads every symbol of a basket at once: bars, each one's last close before a date, their sources", async () => {
      const store = await seeded();
      const bars = await store.benchmarkBars(CD5, '2025-11-02', '2025-11-03');
      expect(bars).toHaveLength(10);
      expect(bars.find((b) => b.symbol === 'ETH-USDT' && b.date === '2025-11-02')).toMatchObject({
        open: 3872.07,
        close: 3905.97,
      });
      const before = await store.closesBefore(CD5, '2025-11-03');
      expect(Object.fromEntries(before)).toEqual({
        'BTC-USDT': 110536.01,
        'ETH-USDT': 3905.97,
        'XRP-USDT': 2.5263,
        'SOL-USDT': 187.67,
        'ADA-USDT': 0.6105,
      });
      expect(await store.closesBefore(['000016.SH', 'NONE'], '2025-11-03')).toEqual(
        new Map([['000016.SH', 3000]]),
      );
      expect(await store.benchmarkSources(CD5, '2025-11-01', '2025-11-04')).toEqual({ import: 20 });
    });
  });
}
