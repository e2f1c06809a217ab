/**
 * Pure arithmetic on calendar dates written as `YYYY-MM-DD`.
 *
 * Every computation runs in UTC: a date is treated as midnight UTC of that day, so
 * daylight-saving shifts of the host timezone can never move a date by one.
 */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `s` is strictly `YYYY-MM-DD` and names a day that exists (no 2025-02-30). */
export function isIsoDate(s: string): boolean {
  const match = ISO_DATE.exec(s);
  if (!match) return false;
  const [, year, month, day] = match;
  return formatUtc(utcMidnight(Number(year), Number(month), Number(day))) === s;
}

/** The date `n` days after `date` (before it when `n` is negative). */
export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`Day offset must be an integer, got ${n}`);
  return formatUtc(parseUtc(date) + n * MS_PER_DAY);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(parseUtc(date)).getUTCDay();
}

/** `to - from` in days; negative when `to` comes first. */
export function calendarDaysBetween(from: string, to: string): number {
  // Both instants are UTC midnights, so the difference is an exact multiple of a day.
  return (parseUtc(to) - parseUtc(from)) / MS_PER_DAY;
}

/** Every date from `start` to `end`, both included; empty when `start` is after `end`. */
export function eachDate(start: string, end: string): string[] {
  const last = parseUtc(end);
  const dates: string[] = [];
  for (let ms = parseUtc(start); ms <= last; ms += MS_PER_DAY) dates.push(formatUtc(ms));
  return dates;
}

/** The UTC calendar date of `now`; the caller owns the clock. */
export function todayUtc(now: Date): string {
  if (Number.isNaN(now.getTime())) throw new RangeError('todayUtc needs a valid Date');
  return formatUtc(now.getTime());
}

function parseUtc(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return utcMidnight(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

function utcMidnight(year: number, month: number, day: number): number {
  // setUTCFullYear, unlike Date.UTC, does not remap years 0-99 onto 1900-1999.
  return new Date(0).setUTCFullYear(year, month - 1, day);
}

function formatUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Seconds from `start` (epoch ms or ISO-8601) to `now`, never negative; 0 for no start. */
export function secondsSince(start: number | string | null, now: Date): number {
  if (start === null) return 0;
  const from = typeof start === 'number' ? start : Date.parse(start);
  return Math.max(0, (now.getTime() - from) / 1000);
}

/** Orders strings by their UTF-16 code units, as the database's binary collation does: stable across locales. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
