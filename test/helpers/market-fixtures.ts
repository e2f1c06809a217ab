/**
 * Where the cn and crypto Alpha Vantage fixtures come from in this run: the full sets in ../shared
 * when present, else the committed subsets (10 files each: 9 SSE-50 stocks and the index; the ten
 * coins), so a clone without ../shared still runs every suite that trades them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DailyBar } from '../../src/core/bars.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shared = join(repoRoot, '..', 'shared', 'fixtures');

function firstWith(file: string, ...dirs: string[]): string {
  return dirs.find((dir) => existsSync(join(dir, file))) ?? (dirs.at(-1) as string);
}

export const CN_SUBSET_DIR = join(repoRoot, 'test', 'alphavantage-subset-cn');
export const CRYPTO_SUBSET_DIR = join(repoRoot, 'test', 'alphavantage-subset-crypto');

/** Alpha Vantage TIME_SERIES_DAILY answers for the SSE-50 and its index (`600519.SHH.json`). */
export const CN_FIXTURES_DIR = resolve(
  process.env.AV_CN_FIXTURES_DIR ??
    firstWith('600028.SHH.json', join(shared, 'alphavantage', 'daily-cn'), CN_SUBSET_DIR),
);

/** Alpha Vantage DIGITAL_CURRENCY_DAILY answers (market USD) for the ten coins (`BTC.json`). */
export const CRYPTO_FIXTURES_DIR = resolve(
  process.env.AV_CRYPTO_FIXTURES_DIR ??
    firstWith('BTC.json', join(shared, 'alphavantage', 'digital-currency-daily'), CRYPTO_SUBSET_DIR),
);

/** The benchmark's own files (crypto_merged.jsonl, CD5_crypto_index.json, positions excerpts); only in ../shared. */
export const HKUDS_FIXTURES_DIR = resolve(process.env.HKUDS_FIXTURES_DIR ?? join(shared, 'hkuds'));
export const hkudsFixturesAvailable = existsSync(join(HKUDS_FIXTURES_DIR, 'crypto', 'CD5_crypto_index.json'));

/**
 * A coin's bars from its DIGITAL_CURRENCY_DAILY fixture within [from, to], as `BTC-USDT`, ascending;
 * read straight from the JSON so that tests of the core need no adapter.
 */
export function coinBars(symbol: string, from: string, to: string): DailyBar[] {
  const coin = symbol.replace(/-USDT$/, '');
  const body = JSON.parse(readFileSync(join(CRYPTO_FIXTURES_DIR, `${coin}.json`), 'utf8')) as {
    'Time Series (Digital Currency Daily)': Record<string, Record<string, string>>;
  };
  return Object.entries(body['Time Series (Digital Currency Daily)'])
    .filter(([date]) => date >= from && date <= to)
    .map(([date, b]) => ({
      symbol,
      date,
      open: Number(b['1. open']),
      high: Number(b['2. high']),
      low: Number(b['3. low']),
      close: Number(b['4. close']),
      volume: Number(b['5. volume']),
    }))
    .sort((a, b) => (a.date < b.date ? -1 : 1));
}
