/**
 * Real 60-minute bars for the core's hourly tests: Alpha Vantage TIME_SERIES_INTRADAY answers
 * (`interval=60min`, regular session, US/Eastern), read straight from the JSON so that tests of the
 * core need no adapter. From ../shared when present (the NASDAQ-100, 2025-10-01..2025-11-10), else
 * from the committed subset: the seven symbols the hand-worked replay trades, byte for byte.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it, type TestFunction } from 'vitest';
import type { IntradayBar } from '../../src/core/bars.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shared = join(repoRoot, '..', 'shared', 'fixtures');

export const INTRADAY_SUBSET_DIR = join(repoRoot, 'test', 'alphavantage-subset-intraday');
export const SHARED_INTRADAY_DIR = resolve(
  process.env.AV_INTRADAY_FIXTURES_DIR ?? join(shared, 'alphavantage', 'intraday-60min'),
);
export const sharedIntradayAvailable = existsSync(join(SHARED_INTRADAY_DIR, 'NVDA.json'));

/** Where the bars come from in this run: the full set, or else the committed subset. */
export const INTRADAY_FIXTURES_DIR = sharedIntradayAvailable ? SHARED_INTRADAY_DIR : INTRADAY_SUBSET_DIR;

/** The benchmark's own files (hourly positions, its hourly A-share bars); only in ../shared. */
export const HKUDS_DIR = resolve(process.env.HKUDS_FIXTURES_DIR ?? join(shared, 'hkuds'));
export const hkudsHourlyAvailable = existsSync(join(HKUDS_DIR, 'us-hourly', 'positions-excerpt-gpt-5.jsonl'));

/** `it` for a test that reads the benchmark's own files: without them it skips, saying so in its title. */
export function itWithHkuds(name: string, fn: TestFunction): void {
  if (hkudsHourlyAvailable) it(name, fn);
  else
    it.skip(
      `${name} [needs the benchmark's files, not found at ${HKUDS_DIR} (../shared or HKUDS_FIXTURES_DIR)]`,
      fn,
    );
}

/** `it` for a test that compares the committed subset with the full set in ../shared. */
export function itWithSharedIntraday(name: string, fn: TestFunction): void {
  if (sharedIntradayAvailable) it(name, fn);
  else it.skip(`${name} [needs the 60-minute fixtures, not found at ${SHARED_INTRADAY_DIR}]`, fn);
}

export function subsetIntradaySymbols(): string[] {
  return readdirSync(INTRADAY_SUBSET_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/** One symbol's 60-minute bars, ascending, keyed by their label (`2025-10-02 10:00:00`). */
export function intradayBars(symbol: string): IntradayBar[] {
  const body = JSON.parse(readFileSync(join(INTRADAY_FIXTURES_DIR, `${symbol}.json`), 'utf8')) as {
    'Time Series (60min)': Record<string, Record<string, string>>;
  };
  return Object.entries(body['Time Series (60min)'])
    .map(([label, bar]) => ({
      symbol,
      date: label,
      open: Number(bar['1. open']),
      high: Number(bar['2. high']),
      low: Number(bar['3. low']),
      close: Number(bar['4. close']),
      volume: Number(bar['5. volume']),
    }))
    .sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** The labels of the benchmark's hourly A-share bars (hkuds cn/merged_hourly.jsonl) of one symbol. */
export function hkudsCnHourlyLabels(symbol: string): string[] {
  const lines = readFileSync(join(HKUDS_DIR, 'cn', 'merged_hourly.jsonl'), 'utf8').split('\n');
  for (const line of lines) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as {
      'Meta Data': Record<string, string>;
      'Time Series (60min)': Record<string, unknown>;
    };
    if (record['Meta Data']['2. Symbol'] === symbol) return Object.keys(record['Time Series (60min)']).sort();
  }
  throw new Error(`${symbol} is not in the benchmark's hourly A-share file`);
}
