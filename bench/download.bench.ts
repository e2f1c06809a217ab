/**
 * A job's price download (the NASDAQ-100 universe + QQQ, 102 symbols, October 2025 from the
 * fixtures) through the real PriceDataService, Alpha Vantage client and SQLite store, configured
 * from the default environment (no request budget), against the fake Alpha Vantage:
 * 1. without limits, for reference;
 * 2. with 75 requests per sliding window, answered over the limit with the real per-minute notice.
 *    With a sliding window no schedule can finish before the 76th request's slot frees, one window
 *    after the first request, so the figure is also given as a ratio to that floor.
 * The full run uses Alpha Vantage's real 60 s window; --quick scales it to 4 s (client and fake alike).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPriceDataService, createPriceHistoryProvider } from '../src/app/price-data.js';
import { readEnv } from '../src/config/env.js';
import { symbolsToPrice, US_MARKET } from '../src/core/markets/index.js';
import type { DownloadReport } from '../src/market-data/price-data-service.js';
import { KyselyPriceStore } from '../src/store/kysely-price-store.js';
import { openDatabase } from '../src/store/open-database.js';
import {
  fakeAlphaVantageEnv,
  startFakeAlphaVantage,
  type FakeAlphaVantage,
} from '../test/fakes/fake-alphavantage.js';
import { FULL_FIXTURES_MISSING_REASON, fullFixturesAvailable } from '../test/helpers/fixtures.js';
import { median, type BenchContext } from './report.js';

const KEY = 'BENCHDOWNLOADKEY';
const LIMIT = 75;
const RANGE = { start: '2025-10-01', end: '2025-10-30' } as const;
const now = (): Date => new Date('2025-10-31T15:00:00Z');

interface DownloadRun {
  seconds: number;
  report: DownloadReport;
  requests: number;
}

export async function run({ quick, record }: BenchContext): Promise<void> {
  // The whole universe is needed: the committed subset has a few symbols only.
  if (!fullFixturesAvailable) {
    console.log(`download: ${FULL_FIXTURES_MISSING_REASON}; not measured`);
    return;
  }
  const windowMs = quick ? 4_000 : 60_000;
  const limitedRepetitions = quick ? 2 : 1;
  const unlimitedRepetitions = 3;
  const symbols = symbolsToPrice(US_MARKET, US_MARKET.defaultUniverse);
  const fake = await startFakeAlphaVantage({ key: KEY });
  try {
    const unlimited: DownloadRun[] = [];
    for (let rep = 0; rep < unlimitedRepetitions; rep++)
      unlimited.push(await download(fake, symbols, windowMs));
    const base = `${symbols.length} symbols, ${RANGE.start}..${RANGE.end}, default environment (no request budget), SQLite temp file`;
    record(
      'download.unlimited_s',
      median(unlimited.map((r) => r.seconds)),
      's',
      `${base}; fake Alpha Vantage without limits; ${outcome(unlimited)}; median of ${unlimitedRepetitions}`,
    );

    const limited: DownloadRun[] = [];
    for (let rep = 0; rep < limitedRepetitions; rep++) {
      fake.limitPerWindow(LIMIT, { windowMs });
      limited.push(await download(fake, symbols, windowMs));
    }
    const seconds = median(limited.map((r) => r.seconds));
    const floorSeconds = windowMs / 1000;
    const window = quick
      ? `a ${floorSeconds} s window (Alpha Vantage's 60 s scaled down for --quick, client and fake alike)`
      : `Alpha Vantage's real 60 s window`;
    const note =
      `${base}; fake Alpha Vantage serving ${LIMIT} requests per sliding window, ${window}, the per-minute ` +
      `notice over it; ${outcome(limited)}; median of ${limitedRepetitions}`;
    record(`download.limit_${LIMIT}_per_window_s`, seconds, 's', note);
    record(
      `download.limit_${LIMIT}_per_window_ratio_to_floor`,
      seconds / floorSeconds,
      'x',
      `${note}; the time over the floor of one window (${floorSeconds} s): the 76th request cannot be served sooner`,
    );
    record(
      `download.limit_${LIMIT}_per_window_over_floor_s`,
      seconds - floorSeconds,
      's',
      `${note}; the time beyond the floor of one window: the requests after the 75th and their storing`,
    );
    record(
      `download.limit_${LIMIT}_per_window_refused_requests`,
      median(limited.map((r) => r.requests - symbols.length)),
      'requests',
      `${note}; requests answered with the per-minute notice (1 = only the one that taught the client the pace)`,
    );
  } finally {
    await fake.close();
  }
}

/** One job download into a fresh database, timed from the call (coverage check included) to the report. */
async function download(
  fake: FakeAlphaVantage,
  symbols: readonly string[],
  windowMs: number,
): Promise<DownloadRun> {
  const dir = mkdtempSync(join(tmpdir(), 'ai-trader-bench-download-'));
  const database = await openDatabase(`sqlite:${join(dir, 'bench.db')}`);
  try {
    const requestsBefore = fake.requests.length;
    const env = readEnv(fakeAlphaVantageEnv(fake, KEY));
    const provider = createPriceHistoryProvider(env, { now, pacing: { rateWindowMs: windowMs } });
    const service = createPriceDataService({ store: new KyselyPriceStore(database.db), provider, now });
    const started = performance.now();
    const report = await service.download(US_MARKET, symbols, RANGE.start, RANGE.end);
    const seconds = (performance.now() - started) / 1000;
    return { seconds, report, requests: fake.requests.length - requestsBefore };
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
    fake.reset();
  }
}

function outcome(runs: readonly DownloadRun[]): string {
  const downloaded = [...new Set(runs.map((r) => `${r.report.downloaded.length}/${r.report.needed.length}`))];
  return `downloaded ${downloaded.join(' or ')} symbols`;
}
