/**
 * The AI-Trader benchmark's daily bars: Alpha Vantage's shape, but the open is `1. buy price` and
 * the close `4. sell price`, symbols are already in the benchmark's spelling (`600519.SH`,
 * `BTC-USDT`), and the latest day may hold only its open while the session was still running. Such
 * an incomplete bar is never stored: it is skipped and reported.
 */
import { z } from 'zod';
import type { DailyBar } from '../../core/bars.js';
import {
  byDate,
  coinVolumeField,
  dateKey,
  describeIssues,
  priceField,
} from '../alphavantage/series-fields.js';
import { ImportError } from './import-error.js';

/** A day the file had but that was not stored, and why. */
export interface SkippedBar {
  date: string;
  reason: string;
}

export interface BenchmarkSeries {
  symbol: string;
  /** Complete bars, ascending. */
  bars: DailyBar[];
  skippedBars: SkippedBar[];
}

/** Each field's keys, the benchmark's first; Alpha Vantage's own are read too. */
const FIELDS = [
  { name: 'open', keys: ['1. buy price', '1. open'], value: priceField },
  { name: 'high', keys: ['2. high'], value: priceField },
  { name: 'low', keys: ['3. low'], value: priceField },
  { name: 'close', keys: ['4. sell price', '4. close'], value: priceField },
  // The benchmark's coins trade in fractions ("45405216.03130236" ADA).
  { name: 'volume', keys: ['5. volume'], value: coinVolumeField },
] as const;

type FieldName = (typeof FIELDS)[number]['name'];

const BENCHMARK_KEYS: ReadonlySet<string> = new Set(['1. buy price', '4. sell price']);

const documentSchema = z.object({
  'Meta Data': z.object({ '2. Symbol': z.string().trim().min(1) }),
  'Time Series (Daily)': z.record(dateKey, z.record(z.string(), z.unknown())),
});

/** Whether a daily series is written the benchmark's way (buy and sell prices). */
export function isBenchmarkSeries(series: unknown): boolean {
  if (typeof series !== 'object' || series === null) return false;
  return Object.values(series).some(
    (bar) =>
      typeof bar === 'object' && bar !== null && Object.keys(bar).some((key) => BENCHMARK_KEYS.has(key)),
  );
}

/** The bars of one benchmark document; throws `ImportError` naming the day of a bad value. */
export function parseBenchmarkSeries(json: unknown): BenchmarkSeries {
  const parsed = documentSchema.safeParse(json);
  if (!parsed.success) throw new ImportError(`malformed daily series: ${describeIssues(parsed.error)}`);
  const symbol = parsed.data['Meta Data']['2. Symbol'].toUpperCase();
  const bars: DailyBar[] = [];
  const skippedBars: SkippedBar[] = [];
  for (const [date, raw] of Object.entries(parsed.data['Time Series (Daily)'])) {
    const values: Partial<Record<FieldName, number>> = {};
    const missing: FieldName[] = [];
    for (const field of FIELDS) {
      const key = field.keys.find((candidate) => candidate in raw);
      if (key === undefined) {
        missing.push(field.name);
        continue;
      }
      const value = field.value.safeParse(raw[key]);
      if (!value.success) throw new ImportError(`${date}: ${key}: ${describeIssues(value.error)}`);
      values[field.name] = value.data;
    }
    if (missing.length > 0) {
      skippedBars.push({ date, reason: `incomplete, no ${missing.join(', ')}` });
      continue;
    }
    const { open, high, low, close, volume } = values as Record<FieldName, number>;
    bars.push({ symbol, date, open, high, low, close, volume });
  }
  return { symbol, bars: bars.sort(byDate), skippedBars: skippedBars.sort(byDate) };
}
