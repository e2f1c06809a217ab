import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPriceDataService, createPriceHistoryProvider } from '../../src/app/price-data.js';
import { readEnv } from '../../src/config/env.js';
import { symbolsToPrice, US_MARKET } from '../../src/core/markets/index.js';
import type { DailyBar } from '../../src/core/bars.js';
import { tradingDaysBetween } from '../../src/core/calendar.js';
import { NASDAQ_100_SYMBOLS } from '../../src/core/universe.js';
import { parseDailySeries } from '../../src/market-data/alphavantage/parse-daily.js';
import { AlphaVantageHistoryProvider } from '../../src/market-data/alphavantage-history-provider.js';
import type { PriceHistoryProvider } from '../../src/market-data/history-provider.js';
import { HistoryFetchError } from '../../src/market-data/history-provider.js';
import { PriceDataService, skippedDatesWarning } from '../../src/market-data/price-data-service.js';
import { SyntheticHistoryProvider } from '../../src/market-data/synthetic-history-provider.js';
import { KyselyPriceStore } from '../../src/store/kysely-price-store.js';
import { openDatabase, type OpenDatabase } from '../../src/store/open-database.js';
import { useFakeAlphaVantage } from '../helpers/alphavantage-client.js';
import { useAlphaVantagePriceStore } from '../helpers/alphavantage-prices.js';
import { fixtureText } from '../helpers/fixtures.js';

const KEY = 'SERVICETESTKEY';
const UNIVERSE = symbolsToPrice(US_MARKET, NASDAQ_100_SYMBOLS);
const OCTOBER = { start: '2025-10-01', end: '2025-10-30' } as const;
/** The day the fixtures were captured after: October is then within a compact response. */
const TODAY = '2025-10-31';
const now = (): Date => new Date(`${TODAY}T15:00:00Z`);

function fixtureBars(symbol: string): DailyBar[] {
  return parseDailySeries(JSON.parse(fixtureText(symbol)), symbol);
}

const sorted = (symbols: readonly string[]): string[] => [...symbols].sort();

describe('symbolsToPrice', () => {
  it('is the NASDAQ-100 universe plus the QQQ benchmark', () => {
    expect(UNIVERSE).toHaveLength(102);
    expect(UNIVERSE.slice(0, -1)).toEqual([...NASDAQ_100_SYMBOLS]);
    expect(UNIVERSE.at(-1)).toBe('QQQ');
  });

  it('adds the benchmark only once', () => {
    expect(symbolsToPrice(US_MARKET, ['AAPL', 'QQQ'])).toEqual(['AAPL', 'QQQ']);
  });
});

describe('PriceDataService over the real Alpha Vantage client, the fake server and SQLite', () => {
  const av = useAlphaVantagePriceStore(KEY);

  const alphaVantageService = (apiKey = KEY, today = TODAY): PriceDataService =>
    av.service({ apiKey, today, now });

  const requestedSymbols = (): string[] => av.fake.requests.map((r) => r.symbol);

  it('downloads the universe with one request per symbol, keeps every bar sent, and a rerun asks nothing', async () => {
    const service = alphaVantageService();
    const report = await service.download(US_MARKET, UNIVERSE, OCTOBER.start, OCTOBER.end);

    expect(sorted(requestedSymbols())).toEqual(sorted(UNIVERSE));
    expect(av.fake.requests.every((r) => r.outputSize === 'compact')).toBe(true);
    expect(sorted(report.downloaded)).toEqual(sorted(UNIVERSE));
    expect(report).toMatchObject({ failed: [], rateLimited: false, warnings: [] });

    const sent = UNIVERSE.reduce((sum, symbol) => sum + fixtureBars(symbol).length, 0);
    expect(report.barsStored).toBe(sent);
    expect(await av.store.loadBars(UNIVERSE, '2000-01-01', '2035-12-31')).toHaveLength(sent);
    // June is far outside the request, but it came in the same response.
    const [juneBar] = fixtureBars('AAPL');
    expect(juneBar?.date).toBe('2025-06-10');
    expect(await av.store.loadBars(['AAPL'], '2025-06-10', '2025-06-10')).toEqual([juneBar]);

    av.fake.reset();
    const rerun = await service.download(US_MARKET, UNIVERSE, OCTOBER.start, OCTOBER.end);
    expect(av.fake.requests).toHaveLength(0);
    expect(rerun).toMatchObject({ needed: [], downloaded: [], barsStored: 0 });
  });

  it('keeps what it got before the daily limit, reports the rest as not attempted, and later fetches only the rest', async () => {
    const service = alphaVantageService();
    av.fake.rateLimitAfter(10);
    const report = await service.download(US_MARKET, UNIVERSE, OCTOBER.start, OCTOBER.end);

    expect(report.rateLimited).toBe(true);
    expect(report.downloaded).toEqual(report.needed.slice(0, 10));
    expect(report.failed.map((f) => f.symbol)).toEqual(report.needed.slice(10));
    expect(report.failed.every((f) => f.kind === 'daily_limit')).toBe(true);
    expect(report.failed.slice(1).every((f) => f.reason.startsWith('not attempted: '))).toBe(true);
    expect(report.warnings).toEqual([
      'Alpha Vantage daily request limit reached - downloaded 10/102 symbols; the job continues with the prices stored',
    ]);
    // The eleventh request met the limit; nobody asked again after it.
    expect(av.fake.requests).toHaveLength(11);
    const stored = await av.store.storedDates(UNIVERSE, OCTOBER.start, OCTOBER.end);
    expect(sorted([...stored.keys()])).toEqual(sorted(report.downloaded));

    av.fake.reset();
    const later = await service.download(US_MARKET, UNIVERSE, OCTOBER.start, OCTOBER.end);
    const rest = report.needed.slice(10);
    expect(sorted(requestedSymbols())).toEqual(sorted(rest));
    expect(sorted(later.downloaded)).toEqual(sorted(rest));
    expect(later).toMatchObject({ failed: [], rateLimited: false, warnings: [] });
  });

  it('downloads the symbol missing more requested sessions before one missing fewer', async () => {
    const octoberBars = (symbol: string, through: string): DailyBar[] =>
      fixtureBars(symbol).filter((b) => b.date >= OCTOBER.start && b.date <= through);
    await av.store.saveBars(octoberBars('AAPL', '2025-10-27'), 'import'); // 3 sessions missing
    await av.store.saveBars(octoberBars('MSFT', '2025-10-15'), 'import'); // 11 missing
    // NVDA: all 22 missing.

    const service = alphaVantageService();
    expect(
      await service.missingSymbols(US_MARKET, ['AAPL', 'MSFT', 'NVDA'], OCTOBER.start, OCTOBER.end),
    ).toEqual(
      new Map([
        ['AAPL', ['2025-10-28', '2025-10-29', '2025-10-30']],
        ['MSFT', tradingDaysBetween('2025-10-16', OCTOBER.end)],
        ['NVDA', tradingDaysBetween(OCTOBER.start, OCTOBER.end)],
      ]),
    );
    const report = await service.download(US_MARKET, ['AAPL', 'MSFT', 'NVDA'], OCTOBER.start, OCTOBER.end);
    expect(requestedSymbols()).toEqual(['NVDA', 'MSFT', 'AAPL']);
    expect(report.needed).toEqual(['NVDA', 'MSFT', 'AAPL']);
  });

  it('fails an unknown symbol alone and carries on with the others', async () => {
    await av.store.saveBars(
      fixtureBars('AAPL').filter((b) => b.date === OCTOBER.start),
      'import',
    );
    await av.store.saveBars(
      fixtureBars('MSFT').filter((b) => b.date === OCTOBER.start),
      'import',
    );
    const report = await alphaVantageService().download(
      US_MARKET,
      ['AAPL', 'MSFT', 'ZZZZ'],
      OCTOBER.start,
      OCTOBER.end,
    );

    expect(requestedSymbols()).toEqual(['ZZZZ', 'AAPL', 'MSFT']);
    expect(report.downloaded).toEqual(['AAPL', 'MSFT']);
    expect(report.failed).toEqual([
      { symbol: 'ZZZZ', kind: 'unknown_symbol', reason: expect.stringContaining('Invalid API call') },
    ]);
    expect(report.rateLimited).toBe(false);
    expect(report.warnings).toEqual(['1 symbols failed to download']);
  });

  it('stops everything at an invalid key, saying why', async () => {
    const report = await alphaVantageService('NOT-THE-KEY').download(
      US_MARKET,
      ['AAPL', 'MSFT', 'NVDA'],
      OCTOBER.start,
      OCTOBER.end,
    );

    expect(av.fake.requests).toHaveLength(1);
    expect(report.downloaded).toEqual([]);
    expect(report.rateLimited).toBe(false);
    expect(report.failed.map((f) => [f.symbol, f.kind])).toEqual([
      ['AAPL', 'invalid_key'],
      ['MSFT', 'invalid_key'],
      ['NVDA', 'invalid_key'],
    ]);
    expect(report.failed[0]?.reason).toContain('the parameter apikey is invalid or missing');
    expect(report.failed[1]?.reason).toMatch(/^not attempted: .*apikey is invalid/);
    expect(report.warnings).toEqual([
      expect.stringMatching(
        /^3 symbols could not be downloaded: Alpha Vantage refused the API key: the parameter apikey is invalid or missing/,
      ),
    ]);
    expect(await av.store.storedDates(['AAPL', 'MSFT', 'NVDA'], OCTOBER.start, OCTOBER.end)).toEqual(
      new Map(),
    );
  });

  it('judges coverage by the trading calendar: weekends and holidays are never missing', async () => {
    const service = alphaVantageService();
    // Saturday, Sunday, then Labor Day: no session at all, so nothing to fetch.
    expect(await service.missingSymbols(US_MARKET, UNIVERSE, '2025-08-30', '2025-09-01')).toEqual(new Map());
    expect((await service.download(US_MARKET, UNIVERSE, '2025-08-30', '2025-09-01')).needed).toEqual([]);
    expect(av.fake.requests).toHaveLength(0);

    await service.download(US_MARKET, ['AAPL', 'QQQ'], OCTOBER.start, OCTOBER.end);
    const availability = await service.availability(US_MARKET, ['AAPL', 'QQQ'], OCTOBER.start, OCTOBER.end);
    expect(availability.runnable).toEqual(tradingDaysBetween(OCTOBER.start, OCTOBER.end));
    expect(availability.runnable).toHaveLength(22);
    expect(availability.skipped).toEqual([]);
  });

  it('keeps sessions after a delisting runnable (FB is just untradable) and skips dates beyond the data', async () => {
    const symbols = ['AAPL', 'FB', 'MSFT', 'QQQ'];
    const service = alphaVantageService();
    const report = await service.download(US_MARKET, symbols, OCTOBER.start, OCTOBER.end);
    expect(report.downloaded).toEqual(symbols);
    const fbDates = [
      ...((await av.store.storedDates(['FB'], OCTOBER.start, OCTOBER.end)).get('FB') ?? []),
    ].sort();
    expect(fbDates.at(-1)).toBe('2025-10-16');

    const october = await service.availability(US_MARKET, symbols, OCTOBER.start, OCTOBER.end);
    expect(october).toEqual({
      runnable: tradingDaysBetween(OCTOBER.start, OCTOBER.end),
      skipped: [],
      unavailableSymbols: [],
    });
    // A rerun must not chase FB's missing bars either: its silence after 10-16 is an answer.
    av.fake.reset();
    await service.download(US_MARKET, symbols, OCTOBER.start, OCTOBER.end);
    expect(av.fake.requests).toHaveLength(0);

    const withFriday = await service.availability(US_MARKET, symbols, OCTOBER.start, '2025-10-31');
    expect(withFriday.runnable).toEqual(october.runnable);
    expect(withFriday.skipped).toEqual([
      { date: '2025-10-31', reason: 'Incomplete price data: missing AAPL, FB, MSFT, QQQ' },
    ]);
    expect(skippedDatesWarning(withFriday.skipped.map((s) => s.date))).toBe(
      "Skipped 1 dates due to incomplete price data: ['2025-10-31']",
    );
  });

  it('asks for the full history when the range is older than a compact response reaches', async () => {
    await alphaVantageService(KEY, '2026-03-02').download(US_MARKET, ['AAPL'], OCTOBER.start, OCTOBER.end);
    expect(av.fake.requests).toEqual([{ symbol: 'AAPL', outputSize: 'full', apikey: KEY }]);
  });
});

describe('createPriceHistoryProvider', () => {
  const av = useFakeAlphaVantage(KEY);

  const env = (vars: Record<string, string>) => readEnv(vars);

  it('uses Alpha Vantage at the configured URL, with the key and the configured daily budget', async () => {
    const provider = createPriceHistoryProvider(
      env({
        ALPHAADVANTAGE_API_KEY: KEY,
        ALPHAVANTAGE_BASE_URL: av.fake.baseUrl,
        ALPHAVANTAGE_REQUESTS_PER_MINUTE: '0',
        ALPHAVANTAGE_REQUESTS_PER_DAY: '1',
      }),
      { now, devMode: true },
    );
    expect(provider).toBeInstanceOf(AlphaVantageHistoryProvider);
    const result = await provider?.fetchHistory('AAPL', OCTOBER.start, OCTOBER.end, US_MARKET);
    expect(result?.bars.at(-1)?.date).toBe('2025-10-30');
    expect(av.fake.requests).toEqual([{ symbol: 'AAPL', outputSize: 'compact', apikey: KEY }]);

    const spent = provider?.fetchHistory('MSFT', OCTOBER.start, OCTOBER.end, US_MARKET);
    await expect(spent).rejects.toBeInstanceOf(HistoryFetchError);
    await expect(spent).rejects.toMatchObject({ kind: 'daily_limit' });
    expect(av.fake.requests).toHaveLength(1);
  });

  it('falls back to the synthetic data in DEV mode only', () => {
    expect(createPriceHistoryProvider(env({ DEPLOYMENT_MODE: 'DEV' }), { now })).toBeInstanceOf(
      SyntheticHistoryProvider,
    );
    expect(createPriceHistoryProvider(env({}), { now })).toBeUndefined();
    expect(createPriceHistoryProvider(env({}), { now, devMode: true })).toBeInstanceOf(
      SyntheticHistoryProvider,
    );
  });
});

describe('PriceDataService over the synthetic provider (DEV without a key)', () => {
  let dir: string;
  let database: OpenDatabase;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ai-trader-synthetic-'));
    database = await openDatabase(`sqlite:${join(dir, 'dev.db')}`);
  });
  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a month of bars labelled synthetic, and a rerun generates nothing', async () => {
    const synthetic = createPriceHistoryProvider(readEnv({ DEPLOYMENT_MODE: 'DEV' }), { now });
    if (synthetic === undefined) throw new Error('DEV mode without a key must have a provider');
    const generated: string[] = [];
    const counting: PriceHistoryProvider = {
      source: synthetic.source,
      fetchHistory(symbol, oldest, newest, market) {
        generated.push(symbol);
        return synthetic.fetchHistory(symbol, oldest, newest, market);
      },
    };
    const store = new KyselyPriceStore(database.db);
    const service = createPriceDataService({ store, provider: counting, now });

    const sessions = tradingDaysBetween('2025-09-01', '2025-09-30');
    const report = await service.download(US_MARKET, UNIVERSE, '2025-09-01', '2025-09-30');
    expect(sorted(report.downloaded)).toEqual(sorted(UNIVERSE));
    expect(report.barsStored).toBe(UNIVERSE.length * sessions.length);
    const sources = await store.barCountsBySource(UNIVERSE, '2025-09-01', '2025-09-30');
    expect(new Set([...sources.values()].map((counts) => Object.keys(counts).join()))).toEqual(
      new Set(['synthetic']),
    );
    expect(sources.size).toBe(UNIVERSE.length);
    expect((await service.availability(US_MARKET, UNIVERSE, '2025-09-01', '2025-09-30')).runnable).toEqual(
      sessions,
    );

    generated.length = 0;
    const rerun = await service.download(US_MARKET, UNIVERSE, '2025-09-01', '2025-09-30');
    expect(generated).toEqual([]);
    expect(rerun).toMatchObject({ needed: [], barsStored: 0 });
  });
});

describe('synthetic gap filling', () => {
  it('never overwrites a real bar with a synthetic one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gap-'));
    const db = await openDatabase(join(dir, 'p.db'));
    try {
      const store = new KyselyPriceStore(db.db);
      // A real bar in the middle of a range that is otherwise missing.
      await store.saveBars(
        [{ symbol: 'AAPL', date: '2025-10-08', open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 }],
        'import',
      );
      const service = new PriceDataService({
        store,
        provider: new SyntheticHistoryProvider(),
        now: () => new Date('2025-11-01T00:00:00Z'),
      });
      await service.download(US_MARKET, ['AAPL'], '2025-10-06', '2025-10-10');
      const bars = await store.loadBars(['AAPL'], '2025-10-06', '2025-10-10');
      expect(bars.map((b) => b.date)).toEqual([
        '2025-10-06',
        '2025-10-07',
        '2025-10-08',
        '2025-10-09',
        '2025-10-10',
      ]);
      expect(bars.find((b) => b.date === '2025-10-08')?.close).toBe(1.5);
      // The imported bar keeps its label; only the gaps around it are synthetic.
      expect(await store.barCountsBySource(['AAPL'], '2025-10-06', '2025-10-10')).toEqual(
        new Map([['AAPL', { synthetic: 4, import: 1 }]]),
      );
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
