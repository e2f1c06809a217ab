/**
 * The AI-Trader benchmark's own data files (../shared/fixtures/hkuds), imported as they are: every
 * symbol of a JSON Lines file at once, the incomplete latest bars skipped and reported, the CD5
 * index skipped with its reason, the hourly files refused. Skips, saying why, without ../shared;
 * `market-files.test.ts` tests the same formats on files of its own.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPriceDataService } from '../../../src/app/price-data.js';
import { importPriceFile } from '../../../src/market-data/import/price-import.js';
import {
  CN_MARKET,
  CRYPTO_MARKET,
  CRYPTO_SYMBOLS,
  SSE_50_INDEX,
  SSE_50_SYMBOLS,
} from '../../../src/core/markets/index.js';
import { ImportError } from '../../../src/market-data/import/import-error.js';
import { KyselyPriceStore } from '../../../src/store/kysely-price-store.js';
import { HKUDS_FIXTURES_DIR, hkudsFixturesAvailable } from '../../helpers/market-fixtures.js';
import { openTempSqlite } from '../../helpers/temp-db.js';

const MISSING = `needs the benchmark's files, not found at ${HKUDS_FIXTURES_DIR} (../shared or HKUDS_FIXTURES_DIR)`;
function describeWithHkuds(name: string, fn: () => void): void {
  if (hkudsFixturesAvailable) describe(name, fn);
  else describe.skip(`${name} [${MISSING}]`, fn);
}

const file = (...parts: string[]): string => join(HKUDS_FIXTURES_DIR, ...parts);
const now = (): Date => new Date('2025-11-20T12:00:00Z');

describeWithHkuds("importing the benchmark's files", () => {
  let database: Awaited<ReturnType<typeof openTempSqlite>>;
  let store: KyselyPriceStore;
  beforeEach(async () => {
    database = await openTempSqlite();
    store = new KyselyPriceStore(database.db);
  });
  afterEach(async () => {
    await database.dispose();
  });

  const importFile = (path: string, symbol?: string) => importPriceFile({ store, now }, path, symbol);

  it('stores the ten coins of crypto_merged.jsonl, every day, without the unfinished 2025-11-16', async () => {
    const imported = await importFile(file('crypto', 'crypto_merged.jsonl'));
    expect(imported.skippedSymbols).toEqual([]);
    expect(imported.series.map((s) => s.symbol).sort()).toEqual([...CRYPTO_SYMBOLS].sort());
    for (const series of imported.series) {
      expect(series).toMatchObject({
        format: 'benchmark-jsonl',
        barsStored: 355,
        from: '2024-11-26',
        through: '2025-11-15',
        skippedBars: [{ date: '2025-11-16', reason: 'incomplete, no high, low, close, volume' }],
      });
    }
    const service = createPriceDataService({ store, provider: undefined, now });
    const range = { start: '2024-11-26', end: '2025-11-15' };
    const availability = await service.availability(CRYPTO_MARKET, CRYPTO_SYMBOLS, range.start, range.end);
    expect(availability.skipped).toEqual([]);
    expect(availability.runnable).toHaveLength(355);
    const [btc] = await store.loadBars(['BTC-USDT'], '2025-11-15', '2025-11-15');
    expect(btc).toMatchObject({ open: 94501.08, close: 95544.94, volume: 5157.02031554 });
  });

  it('stores the SSE-50 of cn/merged.jsonl and the index, so every SSE session can run', async () => {
    const shares = await importFile(file('cn', 'merged.jsonl'));
    expect(shares.series.map((s) => s.symbol).sort()).toEqual([...SSE_50_SYMBOLS].sort());
    for (const series of shares.series) {
      expect(series).toMatchObject({ from: '2025-10-09', through: '2025-11-18', barsStored: 29 });
      expect(series.skippedBars.map((bar) => bar.date)).toEqual(['2025-11-19']);
    }
    const index = await importFile(file('cn', 'index_daily_sse_50.json'));
    expect(index.series.map((s) => [s.symbol, s.format])).toEqual([[SSE_50_INDEX, 'alphavantage-json']]);

    const service = createPriceDataService({ store, provider: undefined, now });
    const symbols = [...SSE_50_SYMBOLS, SSE_50_INDEX];
    const availability = await service.availability(CN_MARKET, symbols, '2025-10-09', '2025-11-18');
    expect(availability).toEqual({
      runnable: CN_MARKET.calendar.sessionsBetween('2025-10-09', '2025-11-18'),
      skipped: [],
      unavailableSymbols: [],
    });
  });

  it('skips the CD5 index with its reason and stores nothing', async () => {
    const imported = await importFile(file('crypto', 'CD5_crypto_index.json'));
    expect(imported.series).toEqual([]);
    expect(imported.skippedSymbols).toEqual([
      { symbol: 'CD5', reason: expect.stringContaining('not a tradable symbol: the server computes it') },
    ]);
    expect(await store.storedDates(['CD5'], '2025-01-01', '2025-12-31')).toEqual(new Map());
  });

  it.each([
    ['cn', 'merged_hourly.jsonl'],
    ['us-hourly', 'merged.jsonl'],
  ])('refuses the hourly %s/%s, saying it is hourly', async (folder, name) => {
    const attempt = importFile(file(folder, name));
    await expect(attempt).rejects.toBeInstanceOf(ImportError);
    await expect(attempt).rejects.toThrow(/this file holds hourly bars \("Time Series \(60min\)"/);
    expect(await store.storedDates(['600028.SH', 'AAPL'], '2025-01-01', '2025-12-31')).toEqual(new Map());
  });
});
