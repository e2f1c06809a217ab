import { describe, expect, it } from 'vitest';
import {
  createPriceDataService,
  createPriceHistoryProvider,
  type AlphaVantagePacing,
} from '../../src/app/price-data.js';
import { readEnv } from '../../src/config/env.js';
import { symbolsToPrice, US_MARKET } from '../../src/core/markets/index.js';
import { NASDAQ_100_SYMBOLS } from '../../src/core/universe.js';
import type { PriceDataService } from '../../src/market-data/price-data-service.js';
import { useAlphaVantagePriceStore } from '../helpers/alphavantage-prices.js';
import { virtualClock, type VirtualClock } from '../helpers/virtual-clock.js';

const KEY = 'LIMITSTESTKEY';
const UNIVERSE = symbolsToPrice(US_MARKET, NASDAQ_100_SYMBOLS);
const OCTOBER = { start: '2025-10-01', end: '2025-10-30' } as const;
const now = (): Date => new Date('2025-10-31T15:00:00Z');
/** Alpha Vantage's minute, scaled down; the client and the fake both measure it on a virtual clock. */
const WINDOW_MS = 1_000;
const CONTINUES = 'the job continues with the prices stored';

interface Logged {
  obj: Record<string, unknown>;
  msg: string | undefined;
}

describe('a job download with the default environment (the user report)', () => {
  const av = useAlphaVantagePriceStore(KEY);

  // Before: the client applied the free tier's 5/min and 25/day by default, so a key Alpha Vantage
  // serves without limit stalled after 5 requests and stopped at 25 of 102.
  it('downloads all 102 symbols from a server without limits, with no budget configured', async () => {
    const env = readEnv({ ALPHAADVANTAGE_API_KEY: KEY, ALPHAVANTAGE_BASE_URL: av.fake.baseUrl });
    const provider = createPriceHistoryProvider(env, { now });
    const service = createPriceDataService({ store: av.store, provider, now });

    const report = await service.download(US_MARKET, UNIVERSE, OCTOBER.start, OCTOBER.end);

    expect(av.fake.requests).toHaveLength(102);
    expect(report.downloaded).toHaveLength(102);
    expect(report).toMatchObject({ failed: [], rateLimited: false, warnings: [] });
  }, 15_000);
});

describe('a job download against Alpha Vantage limits', () => {
  const av = useAlphaVantagePriceStore(KEY);

  /** The service a job gets from the default environment, its client on `clock` with a scaled window. */
  function jobService(clock: VirtualClock, apiKey = KEY): { service: PriceDataService; logged: Logged[] } {
    const logged: Logged[] = [];
    const logger = {
      info: () => {},
      warn: (obj: object, msg?: string) => logged.push({ obj: obj as Record<string, unknown>, msg }),
    };
    const pacing: AlphaVantagePacing = { rateWindowMs: WINDOW_MS, now: clock.now, sleep: clock.sleep };
    const env = readEnv({ ALPHAADVANTAGE_API_KEY: apiKey, ALPHAVANTAGE_BASE_URL: av.fake.baseUrl });
    const provider = createPriceHistoryProvider(env, { now, logger, pacing });
    return { service: createPriceDataService({ store: av.store, provider, now, logger }), logged };
  }

  it('waits out a per-minute limit and still downloads every symbol, with no configuration', async () => {
    const clock = virtualClock();
    av.fake.limitPerWindow(25, { windowMs: WINDOW_MS, now: clock.now });
    const { service, logged } = jobService(clock);

    const report = await service.download(US_MARKET, UNIVERSE, OCTOBER.start, OCTOBER.end);

    expect(report.downloaded).toHaveLength(102);
    expect(report).toMatchObject({ failed: [], rateLimited: false, warnings: [] });
    // One refusal taught the client the pace; after that it never asked over it.
    expect(av.fake.requests).toHaveLength(103);
    const waits = logged.filter((l) => l.obj['kind'] === 'rate_limit');
    expect(waits).toEqual([
      {
        obj: expect.objectContaining({ symbol: report.needed[25], attempt: 1, waitMs: WINDOW_MS }),
        msg: expect.stringContaining('rate limit'),
      },
    ]);
    // 102 requests at 25 per window: the client waited out four windows, no more.
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(4 * WINDOW_MS);
  });

  it('stops at the daily limit, says so, and leaves the job the prices it stored', async () => {
    av.fake.rateLimitAfter(25);
    const { service, logged } = jobService(virtualClock());

    const report = await service.download(US_MARKET, UNIVERSE, OCTOBER.start, OCTOBER.end);

    expect(report.downloaded).toEqual(report.needed.slice(0, 25));
    expect(report.rateLimited).toBe(true);
    expect(report.stoppedBy).toMatchObject({ symbol: report.needed[25], kind: 'daily_limit' });
    expect(report.warnings).toEqual([
      `Alpha Vantage daily request limit reached - downloaded 25/102 symbols; ${CONTINUES}`,
    ]);
    const notAttempted = report.failed.filter((f) => f.reason.startsWith('not attempted: '));
    expect(notAttempted.map((f) => f.symbol)).toEqual(report.needed.slice(26));
    expect(av.fake.requests).toHaveLength(26); // nothing asked after the daily answer
    expect(JSON.stringify([report, logged])).not.toContain(KEY);
    expect(logged.some((l) => l.msg?.startsWith('price download stopped: Alpha Vantage daily'))).toBe(true);

    const availability = await service.availability(US_MARKET, UNIVERSE, OCTOBER.start, OCTOBER.end);
    expect(availability.runnable).toHaveLength(22);
    expect(availability.unavailableSymbols).toHaveLength(102 - 25);
  });

  it('stops when a per-minute limit outlasts every retry, naming it', async () => {
    av.fake.behave('*', 'rate_limit_note');
    const { service } = jobService(virtualClock());

    const report = await service.download(US_MARKET, UNIVERSE, OCTOBER.start, OCTOBER.end);

    expect(report.downloaded).toEqual([]);
    expect(report.rateLimited).toBe(true);
    expect(report.warnings).toEqual([
      `Alpha Vantage kept refusing requests at its rate limit - downloaded 0/102 symbols; ${CONTINUES}`,
    ]);
    expect(av.fake.requests.length).toBeLessThanOrEqual(6);
  });

  it('says that the key in ALPHAADVANTAGE_API_KEY was refused, without printing it', async () => {
    const wrongKey = 'WRONG-KEY-4711';
    const { service, logged } = jobService(virtualClock(), wrongKey);

    const report = await service.download(US_MARKET, UNIVERSE, OCTOBER.start, OCTOBER.end);

    expect(report.warnings).toEqual([
      expect.stringMatching(
        /^102 symbols could not be downloaded: Alpha Vantage refused the key in ALPHAADVANTAGE_API_KEY: the parameter apikey is invalid/,
      ),
    ]);
    expect(report.rateLimited).toBe(false);
    expect(av.fake.requests).toHaveLength(1);
    expect(JSON.stringify([report, logged])).not.toContain(wrongKey);
  });
});

describe('a PROD job download without ALPHAADVANTAGE_API_KEY', () => {
  const av = useAlphaVantagePriceStore(KEY);

  it('names the missing setting in every failure and in the warning', async () => {
    const provider = createPriceHistoryProvider(readEnv({}), { now });
    expect(provider).toBeUndefined();
    const service = createPriceDataService({ store: av.store, provider, now });

    const report = await service.download(US_MARKET, UNIVERSE, OCTOBER.start, OCTOBER.end);

    expect(report.warnings).toEqual([
      '102 symbols could not be downloaded: ALPHAADVANTAGE_API_KEY is not set',
    ]);
    expect(report.failed).toHaveLength(102);
    expect(
      report.failed.every(
        (f) => f.kind === 'no_provider' && f.reason === 'ALPHAADVANTAGE_API_KEY is not set',
      ),
    ).toBe(true);
  });
});
