/**
 * Downloads of China A-shares and crypto through the same price-data service, provider and
 * client as the US (one key, one allowance), judged against each market's own calendar.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPriceDataService, createPriceHistoryProvider } from '../../src/app/price-data.js';
import { readEnv } from '../../src/config/env.js';
import { CN_MARKET, CRYPTO_MARKET, CRYPTO_SYMBOLS, US_MARKET } from '../../src/core/markets/index.js';
import { useAlphaVantagePriceStore } from '../helpers/alphavantage-prices.js';
import { CN_SUBSET_DIR } from '../helpers/market-fixtures.js';

const KEY = 'MARKETDOWNLOADKEY';

/** The Shanghai symbols of the committed subset (also in the full set), in the arena's spelling. */
const CN_SYMBOLS = readdirSync(CN_SUBSET_DIR)
  .filter((file) => file.endsWith('.SHH.json'))
  .map((file) => file.replace(/\.SHH\.json$/, '.SH'))
  .sort();

const datesOf = async (
  store: { storedDates(s: readonly string[], a: string, b: string): Promise<Map<string, Set<string>>> },
  symbol: string,
  start: string,
  end: string,
): Promise<string[]> => [...((await store.storedDates([symbol], start, end)).get(symbol) ?? [])].sort();

describe('a crypto download', () => {
  const av = useAlphaVantagePriceStore(KEY);
  // The coins' last bar is 2025-11-16 (UTC): on that day it is still trading.
  const TODAY = '2025-11-16';
  const RANGE = { start: '2025-10-01', end: '2025-11-15' } as const;

  it('fetches every coin once against USD and covers every day, weekends included', async () => {
    const service = av.service({ today: TODAY });
    const report = await service.download(CRYPTO_MARKET, CRYPTO_SYMBOLS, RANGE.start, RANGE.end);

    expect(report).toMatchObject({ failed: [], rateLimited: false, warnings: [] });
    expect([...report.downloaded].sort()).toEqual([...CRYPTO_SYMBOLS].sort());
    expect(av.fake.requests.map((r) => `${r.symbol}/${r.market}`).sort()).toEqual(
      CRYPTO_SYMBOLS.map((s) => `${s.replace('-USDT', '')}/USD`).sort(),
    );
    // 46 days, Saturdays and Sundays among them, are all sessions with a bar.
    const days = CRYPTO_MARKET.calendar.sessionsBetween(RANGE.start, RANGE.end);
    expect(days).toHaveLength(46);
    expect(days).toContain('2025-10-04'); // a Saturday
    expect(await datesOf(av.store, 'BTC-USDT', RANGE.start, RANGE.end)).toEqual(days);
    const availability = await service.availability(CRYPTO_MARKET, CRYPTO_SYMBOLS, RANGE.start, RANGE.end);
    expect(availability).toEqual({ runnable: days, skipped: [], unavailableSymbols: [] });
    expect(await service.missingSymbols(CRYPTO_MARKET, CRYPTO_SYMBOLS, RANGE.start, RANGE.end)).toEqual(
      new Map(),
    );
  });

  it("never stores today's bar, and covers through yesterday", async () => {
    const service = av.service({ today: TODAY });
    await service.download(CRYPTO_MARKET, ['BTC-USDT'], RANGE.start, TODAY);
    expect(await datesOf(av.store, 'BTC-USDT', TODAY, TODAY)).toEqual([]);
    const spans = await av.store.coverage(['BTC-USDT'], RANGE.start, TODAY);
    expect(spans.map((span) => span.endDate)).toEqual(['2025-11-15']);
    // A day later the finished bar is fetched.
    av.fake.reset();
    await av.service({ today: '2025-11-17' }).download(CRYPTO_MARKET, ['BTC-USDT'], RANGE.start, TODAY);
    expect(av.fake.requests).toHaveLength(1);
    expect(await datesOf(av.store, 'BTC-USDT', TODAY, TODAY)).toEqual([TODAY]);
  });
});

describe('a China A-shares download', () => {
  const av = useAlphaVantagePriceStore(KEY);
  const TODAY = '2025-11-17';
  // Around the National Day and Mid-Autumn closure, 2025-10-01..08.
  const RANGE = { start: '2025-09-25', end: '2025-10-15' } as const;
  const SESSIONS = [
    '2025-09-25',
    '2025-09-26',
    '2025-09-29',
    '2025-09-30',
    '2025-10-09',
    '2025-10-10',
    '2025-10-13',
    '2025-10-14',
    '2025-10-15',
  ];

  it('asks for the `.SHH` symbols, stores `.SH` bars, and finds no gap in the Golden Week', async () => {
    expect(CN_SYMBOLS).toContain('000016.SH');
    const service = av.service({ today: TODAY });
    const report = await service.download(CN_MARKET, CN_SYMBOLS, RANGE.start, RANGE.end);

    expect(report).toMatchObject({ failed: [], rateLimited: false, warnings: [] });
    expect([...report.downloaded].sort()).toEqual(CN_SYMBOLS);
    expect(av.fake.requests.map((r) => r.symbol).sort()).toEqual(CN_SYMBOLS.map((s) => `${s}H`).sort());
    expect(await datesOf(av.store, '600519.SH', RANGE.start, RANGE.end)).toEqual(SESSIONS);
    expect(await datesOf(av.store, '600519.SHH', '2025-01-01', '2025-12-31')).toEqual([]);

    expect(await service.availability(CN_MARKET, CN_SYMBOLS, RANGE.start, RANGE.end)).toEqual({
      runnable: SESSIONS,
      skipped: [],
      unavailableSymbols: [],
    });
    av.fake.reset();
    expect((await service.download(CN_MARKET, CN_SYMBOLS, RANGE.start, RANGE.end)).needed).toEqual([]);
    expect(av.fake.requests).toEqual([]);
  });

  it('needs nothing for a range that is all holiday', async () => {
    const service = av.service({ today: TODAY });
    expect(await service.missingSymbols(CN_MARKET, CN_SYMBOLS, '2025-10-01', '2025-10-08')).toEqual(
      new Map(),
    );
    expect(av.fake.requests).toEqual([]);
  });

  it('asks for the full history when the range is older than the last 100 SSE sessions', async () => {
    await av.service({ today: TODAY }).download(CN_MARKET, ['600036.SH'], '2025-06-12', '2025-06-20');
    expect(av.fake.requests).toEqual([{ symbol: '600036.SHH', outputSize: 'full', apikey: KEY }]);
  });
});

describe('one provider and one allowance for every market', () => {
  const av = useAlphaVantagePriceStore(KEY);
  const now = (): Date => new Date('2025-11-17T15:00:00Z');

  it('stops the second market at the daily limit the first one brought near, keeping what it got', async () => {
    const env = readEnv({ ALPHAADVANTAGE_API_KEY: KEY, ALPHAVANTAGE_BASE_URL: av.fake.baseUrl });
    const provider = createPriceHistoryProvider(env, { now });
    const service = createPriceDataService({ store: av.store, provider, now });
    av.fake.rateLimitAfter(3);

    const us = await service.download(US_MARKET, ['AAPL', 'MSFT'], '2025-10-01', '2025-10-30');
    expect(us.downloaded).toEqual(['AAPL', 'MSFT']);
    const coins = await service.download(
      CRYPTO_MARKET,
      ['BTC-USDT', 'ETH-USDT', 'SOL-USDT'],
      '2025-10-01',
      '2025-10-30',
    );

    expect(coins.downloaded).toEqual(['BTC-USDT']);
    expect(coins.rateLimited).toBe(true);
    expect(coins.failed.map((f) => [f.symbol, f.kind])).toEqual([
      ['ETH-USDT', 'daily_limit'],
      ['SOL-USDT', 'daily_limit'],
    ]);
    expect(coins.warnings).toEqual([
      'Alpha Vantage daily request limit reached - downloaded 1/3 symbols; the job continues with the prices stored',
    ]);
    expect(av.fake.requests).toHaveLength(4);
  });
});
