/**
 * The pieces every Alpha Vantage daily series is read with (TIME_SERIES_DAILY, DIGITAL_CURRENCY_DAILY,
 * and files in their shape): calendar-date keys, numbers sent as strings, and readable issue lists.
 */
import { z } from 'zod';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
// Alpha Vantage now and then groups thousands ("1,435.1100", seen in its Shanghai series). Only
// strict groups of three are read as such: "12,5" (a decimal comma) stays unreadable.
const GROUPED_DECIMAL = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;

export function isCalendarDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A series' date key: a real `YYYY-MM-DD` calendar day. */
export const dateKey = z
  .string()
  .refine(isCalendarDate, { message: 'dates must be YYYY-MM-DD calendar dates' });

/** A series of `bar`s by calendar date, holding at least one. */
export function datedSeries<Bar extends z.ZodType>(bar: Bar) {
  return z
    .record(dateKey, bar)
    .refine((series) => Object.keys(series).length > 0, { message: 'the series holds no bars' });
}

/** The number in an Alpha Vantage numeric string, or NaN when it is not one. */
export function readDecimal(raw: string): number {
  const text = raw.trim();
  if (DECIMAL.test(text)) return Number(text);
  return GROUPED_DECIMAL.test(text) ? Number(text.replaceAll(',', '')) : Number.NaN;
}

/** Alpha Vantage sends numbers as strings ("271.9900"); hand-made import files may hold plain numbers. */
function numberField(requirement: string, accept: (value: number) => boolean) {
  return z.union([z.string(), z.number()]).transform((raw, ctx) => {
    const value = typeof raw === 'number' ? raw : readDecimal(raw);
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
export const priceField = numberField('a finite positive price', (value) => value > 0);

/** Shares change hands whole. */
export const shareVolumeField = numberField(
  'a finite non-negative integer volume',
  (value) => value >= 0 && Number.isInteger(value),
);

/** Coins change hands in fractions ("283.62152345" BTC). */
export const coinVolumeField = numberField('a finite non-negative volume', (value) => value >= 0);

/** The first few issues of a failed parse, with their paths, for one error message. */
export function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.map(String).join(' > ');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}

/** Ascending by date. */
export function byDate<T extends { date: string }>(a: T, b: T): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}
