import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, type TestFunction } from 'vitest';
import { BENCHMARK_SYMBOL, NASDAQ_100_SYMBOLS } from '../../src/core/universe.js';
import { demoBarsForRange } from '../../src/market-data/demo/demo-dataset.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The full set of real Alpha Vantage TIME_SERIES_DAILY responses (the NASDAQ-100 and QQQ,
 * 2025-06-10..2025-10-30), read from ../shared at test time and never copied in as a whole.
 */
export const FULL_FIXTURES_DIR = resolve(
  process.env.AV_FIXTURES_DIR ?? join(repoRoot, '..', 'shared', 'fixtures', 'alphavantage', 'daily'),
);

/**
 * A few files of the full set, committed byte for byte (test/repo/fixture-subset.test.ts keeps them
 * so), so that a clone without ../shared still runs every suite that needs real prices but not all
 * of them: the HTTP, job, CLI and end-to-end suites trade only symbols that are in it.
 */
export const SUBSET_FIXTURES_DIR = join(repoRoot, 'test', 'alphavantage-subset');

export const fullFixturesAvailable = existsSync(join(FULL_FIXTURES_DIR, 'AAPL.json'));

/** Where the fixtures come from in this run: the full set when present, else the committed subset. */
export const FIXTURES_DIR = fullFixturesAvailable ? FULL_FIXTURES_DIR : SUBSET_FIXTURES_DIR;

function symbolsIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** The symbols of the committed subset, sorted. */
export function subsetSymbols(): string[] {
  return symbolsIn(SUBSET_FIXTURES_DIR);
}

export const FULL_FIXTURES_MISSING_REASON =
  `needs the full Alpha Vantage fixture set, not found at ${FULL_FIXTURES_DIR} (../shared or ` +
  `AV_FIXTURES_DIR); the committed subset has only ${subsetSymbols().join(' ')}`;

type SuiteFunction = () => void;

/**
 * `describe` for a suite that needs the full set (every symbol of the universe, or hand-worked
 * numbers over it): without ../shared it skips, with the reason in its title. Suites that use only
 * symbols of the subset take plain `describe`.
 */
export function describeWithFullFixtures(name: string, fn: SuiteFunction): void {
  if (fullFixturesAvailable) describe(name, fn);
  else describe.skip(`${name} [${FULL_FIXTURES_MISSING_REASON}]`, fn);
}

/** `it` for one test that needs the full set, in a suite whose other tests run on the subset. */
export function itWithFullFixtures(name: string, fn: TestFunction, timeout?: number): void {
  if (fullFixturesAvailable) it(name, fn, timeout);
  else it.skip(`${name} [${FULL_FIXTURES_MISSING_REASON}]`, fn, timeout);
}

if (!fullFixturesAvailable) {
  console.warn(
    `Alpha Vantage fixtures not found at ${FULL_FIXTURES_DIR}; using the committed subset at ` +
      `${SUBSET_FIXTURES_DIR}; tests that need the full set skip`,
  );
}

/**
 * The raw JSON text of one fixture, e.g. `fixtureText('AAPL')`, from the full set or else the subset.
 * Without ../shared, a universe symbol outside the subset gets a synthetic series in the same wire
 * format over the same dates, so tests about the whole universe (102 downloads, limits, pacing)
 * still run; tests of hand-worked numbers use the real files, of the subset or the full set.
 */
export function fixtureText(symbol: string): string {
  const path = join(FIXTURES_DIR, `${symbol}.json`);
  if (existsSync(path)) return readFileSync(path, 'utf8');
  if (!fullFixturesAvailable && UNIVERSE.has(symbol)) return syntheticFixtureText(symbol);
  // Say what to do rather than fail with a bare ENOENT in a clone without ../shared.
  throw new Error(
    `${symbol} is not in the committed fixture subset (${subsetSymbols().join(' ')}): add its file to ` +
      `${SUBSET_FIXTURES_DIR} (10 files at most) or wrap the test in itWithFullFixtures/describeWithFullFixtures`,
  );
}

/** The real fixtures' span. */
const FIXTURE_START = '2025-06-10';
const FIXTURE_END = '2025-10-30';
const UNIVERSE = new Set([...NASDAQ_100_SYMBOLS, BENCHMARK_SYMBOL]);

/** A TIME_SERIES_DAILY response for `symbol` made of the synthetic demo bars, newest first, as Alpha Vantage sends it. */
function syntheticFixtureText(symbol: string): string {
  const bars = demoBarsForRange(FIXTURE_START, FIXTURE_END, [symbol]);
  const series: Record<string, Record<string, string>> = {};
  for (const bar of [...bars].reverse()) {
    series[bar.date] = {
      '1. open': bar.open.toFixed(4),
      '2. high': bar.high.toFixed(4),
      '3. low': bar.low.toFixed(4),
      '4. close': bar.close.toFixed(4),
      '5. volume': String(Math.round(bar.volume)),
    };
  }
  return JSON.stringify({
    'Meta Data': {
      '1. Information': 'Daily Prices (open, high, low, close) and Volumes',
      '2. Symbol': symbol,
      '3. Last Refreshed': FIXTURE_END,
      '4. Output Size': 'Full size',
      '5. Time Zone': 'US/Eastern',
    },
    'Time Series (Daily)': series,
  });
}

/** The symbols that have a fixture file in this run (the full set or else the subset), sorted. */
export function fixtureSymbols(): string[] {
  return symbolsIn(FIXTURES_DIR);
}
