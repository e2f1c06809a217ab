import { z } from 'zod';
import type { DailyBar } from '../../core/bars.js';
import { AlphaVantageError } from './errors.js';

export const DAILY_SERIES_KEY = 'Time Series (Daily)';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function isCalendarDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Alpha Vantage sends numbers as strings ("271.9900"); hand-made import files may hold plain numbers. */
function numberField(requirement: string, accept: (value: number) => boolean) {
  return z.union([z.string(), z.number()]).transform((raw, ctx) => {
    const value = typeof raw === 'number' ? raw : DECIMAL.test(raw.trim()) ? Number(raw) : Number.NaN;
    if (Number.isFinite(value) && accept(value)) return value;
    ctx.issues.push({
      code: 'custom',
      message: `expected ${requirement}, got ${JSON.stringify(raw)}`,
      input: raw,
    });
    return z.NEVER;
  });
}

// A zero price is as unusable as a negative one: every return computed from it divides by zero.
const price = numberField('a finite positive price', (value) => value > 0);
const volume = numberField(
  'a finite non-negative integer volume',
  (value) => value >= 0 && Number.isInteger(value),
);

const barSchema = z.object({
  '1. open': price,
  '2. high': price,
  '3. low': price,
  '4. close': price,
  '5. volume': volume,
});

const dailySeriesSchema = z.object({
  'Meta Data': z.object({ '2. Symbol': z.string().trim().min(1) }),
  [DAILY_SERIES_KEY]: z
    .record(
      z.string().refine(isCalendarDate, { message: 'dates must be YYYY-MM-DD calendar dates' }),
      barSchema,
    )
    .refine((series) => Object.keys(series).length > 0, { message: 'the series holds no bars' }),
});

function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.map(String).join(' > ');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}

/**
 * Turns a decoded TIME_SERIES_DAILY response (from the API or from a saved file) into bars sorted by
 * ascending date. Throws `AlphaVantageError` kind 'bad_payload' for anything malformed, including a
 * symbol other than `expectedSymbol` (compared case-insensitively), so a mislabelled file is never
 * stored under the wrong ticker.
 */
export function parseDailySeries(json: unknown, expectedSymbol?: string): DailyBar[] {
  const label = expectedSymbol ?? 'TIME_SERIES_DAILY';
  const parsed = dailySeriesSchema.safeParse(json);
  if (!parsed.success) {
    throw new AlphaVantageError(
      'bad_payload',
      `${label}: malformed daily series: ${describeIssues(parsed.error)}`,
    );
  }
  const reportedSymbol = parsed.data['Meta Data']['2. Symbol'];
  if (expectedSymbol !== undefined && reportedSymbol.toUpperCase() !== expectedSymbol.trim().toUpperCase()) {
    throw new AlphaVantageError(
      'bad_payload',
      `${label}: the payload is for symbol ${JSON.stringify(reportedSymbol)}`,
    );
  }
  const symbol = reportedSymbol.toUpperCase();
  return Object.entries(parsed.data[DAILY_SERIES_KEY])
    .map(([date, bar]) => ({
      symbol,
      date,
      open: bar['1. open'],
      high: bar['2. high'],
      low: bar['3. low'],
      close: bar['4. close'],
      volume: bar['5. volume'],
    }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
