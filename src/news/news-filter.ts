/**
 * The date rule of the news tool: on trading day D an agent sees only news dated strictly before
 * D. Pure functions, so every news source applies the same rule.
 *
 * Reading a published date, we choose the interpretation that can never leak the future:
 *
 * - A timestamp with a known zone becomes its UTC date. Kept means UTC date < D, so the instant
 *   is before D 00:00 UTC, which is still the evening of D-1 in New York: before the US session of
 *   D. Reading it in US/Eastern would keep items published D-1 20:00-24:00 ET too; UTC withholds
 *   those few hours, never the other way round.
 * - A date without time, or a time without a zone, can't be placed on the UTC timeline, so we
 *   take the calendar date as written. That is still safe: the end of D-1 in the westernmost zone
 *   (UTC-12) is D 12:00 UTC, before the US session of D opens at 13:30 UTC.
 * - Ambiguous zone names (ET, PT) take the offset that yields the later instant, and a numeric date
 *   that reads both as day/month and as month/day takes the later reading.
 * - Anything we can't read ("3 days ago", an epoch number, garbage) counts as undated, and
 *   undated news is withheld: its date can't be proven to be before D.
 */
import { isIsoDate } from '../core/dates.js';
import type { NewsItem, NewsSearchResult } from './news-source.js';

/** Keeps items dated strictly before `asOf`, normalising their dates; counts the rest as withheld. */
export function withholdFutureNews(items: readonly NewsItem[], asOf: string): NewsSearchResult {
  if (!isIsoDate(asOf)) throw new RangeError(`asOf must be a YYYY-MM-DD date, got ${JSON.stringify(asOf)}`);
  const kept: NewsItem[] = [];
  let withheld = 0;
  for (const item of items) {
    // Re-read the date: a source that forgot to normalise must not slip an unreadable date through.
    const publishedDate = parsePublishedDate(item.publishedDate);
    if (publishedDate !== null && publishedDate < asOf) kept.push({ ...item, publishedDate });
    else withheld += 1;
  }
  return { items: kept, withheld };
}

/** The `YYYY-MM-DD` publication date in `value`, read as described above; null when unreadable. */
export function parsePublishedDate(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : utcDateOf(value.getTime());
  if (typeof value !== 'string') return null;
  const text = value.trim().replace(/\s+/g, ' ');
  if (text === '') return null;
  for (const read of READERS) {
    const stamp = read(text);
    if (stamp !== undefined) return resolve(stamp);
  }
  return null;
}

/** A date as written, with the time and zone offset when the source gave them. */
interface Stamp {
  year: number;
  month: number;
  day: number;
  time?: { hour: number; minute: number; second: number };
  /** Minutes east of UTC. */
  offsetMinutes?: number;
}

const MONTHS: ReadonlyMap<string, number> = new Map(
  [
    'january',
    'february',
    'march',
    'april',
    'may',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
  ].flatMap((name, index): [string, number][] => [
    [name, index + 1],
    [name.slice(0, 3), index + 1],
  ]),
).set('sept', 9);

/** Ambiguous US names (ET, PT...) use standard time: its larger negative offset gives the later instant. */
const ZONE_OFFSETS: ReadonlyMap<string, number> = new Map([
  ['z', 0],
  ['ut', 0],
  ['utc', 0],
  ['gmt', 0],
  ['est', -300],
  ['edt', -240],
  ['et', -300],
  ['cst', -360],
  ['cdt', -300],
  ['ct', -360],
  ['mst', -420],
  ['mdt', -360],
  ['mt', -420],
  ['pst', -480],
  ['pdt', -420],
  ['pt', -480],
]);

// Pieces shared by the textual forms: "13:45", "13:45:00", "1:45 PM", then an optional zone.
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?: ?([ap])\.?m\.?)?`;
const ZONE = String.raw`(?: ?(z|[a-z]{2,5}|[+-]\d{2}(?::?\d{2})?))?`;
const WEEKDAY = String.raw`(?:[a-z]+\.?,? )?`;

/** 2025-10-01, 2025-10-01T13:45:00Z, 2025-10-01 13:45:00.123+02:00 */
const ISO_FORM = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})(?:[t ]${TIME}${ZONE})?$`, 'i');
/** Wed, 01 Oct 2025 13:45:00 GMT (RFC 2822), 1 October 2025 */
const DAY_FIRST_FORM = new RegExp(
  String.raw`^${WEEKDAY}(\d{1,2}) ([a-z]+)\.?,? (\d{4})(?:,? ${TIME}${ZONE})?$`,
  'i',
);
/** Oct 1, 2025; Wednesday, October 1st, 2025 at 1:45 PM ET */
const MONTH_FIRST_FORM = new RegExp(
  String.raw`^${WEEKDAY}([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})(?:,? (?:at )?${TIME}${ZONE})?$`,
  'i',
);
/** 10/01/2025, 01.10.2025: day and month order unknown. */
const NUMERIC_FORM = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/;

type Reader = (text: string) => Stamp | undefined;

const READERS: readonly Reader[] = [
  (text) => {
    const m = ISO_FORM.exec(text);
    return m ? withTime(Number(m[1]), Number(m[2]), Number(m[3]), m.slice(4)) : undefined;
  },
  (text) => {
    const m = DAY_FIRST_FORM.exec(text);
    const month = monthNumber(m?.[2]);
    return m && month ? withTime(Number(m[3]), month, Number(m[1]), m.slice(4)) : undefined;
  },
  (text) => {
    const m = MONTH_FIRST_FORM.exec(text);
    const month = monthNumber(m?.[1]);
    return m && month ? withTime(Number(m[3]), month, Number(m[2]), m.slice(4)) : undefined;
  },
  (text) => {
    const m = NUMERIC_FORM.exec(text);
    if (!m) return undefined;
    const [a, b, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const readings = [writtenDate(year, a, b), writtenDate(year, b, a)]
      .filter((d): d is string => d !== null)
      .sort();
    const latest = readings[readings.length - 1];
    return latest ? { year, month: Number(latest.slice(5, 7)), day: Number(latest.slice(8, 10)) } : undefined;
  },
];

function monthNumber(name: string | undefined): number | undefined {
  return name === undefined ? undefined : MONTHS.get(name.toLowerCase());
}

/** `parts` are the TIME and ZONE captures: hour, minute, second, am/pm, zone. */
function withTime(
  year: number,
  month: number,
  day: number,
  parts: readonly (string | undefined)[],
): Stamp | undefined {
  const [hourText, minuteText, secondText, meridiem, zoneText] = parts;
  if (hourText === undefined || minuteText === undefined) return { year, month, day };
  let hour = Number(hourText);
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem.toLowerCase() === 'p' ? 12 : 0);
  }
  const time = { hour, minute: Number(minuteText), second: Number(secondText ?? '0') };
  if (time.hour > 23 || time.minute > 59 || time.second > 60) return undefined;
  if (zoneText === undefined) return { year, month, day, time };
  const offsetMinutes = zoneOffset(zoneText);
  // An unknown zone name leaves the time unplaceable, which is no worse than having no zone.
  return offsetMinutes === undefined ? { year, month, day, time } : { year, month, day, time, offsetMinutes };
}

function zoneOffset(zone: string): number | undefined {
  const named = ZONE_OFFSETS.get(zone.toLowerCase());
  if (named !== undefined) return named;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? '0');
  if (hours > 14 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function resolve(stamp: Stamp): string | null {
  const written = writtenDate(stamp.year, stamp.month, stamp.day);
  if (written === null || stamp.time === undefined || stamp.offsetMinutes === undefined) return written;
  const { hour, minute, second } = stamp.time;
  const local = new Date(0).setUTCFullYear(stamp.year, stamp.month - 1, stamp.day);
  const instant = local + ((hour * 60 + minute - stamp.offsetMinutes) * 60 + second) * 1000;
  const utc = utcDateOf(instant);
  return utc !== null && isIsoDate(utc) ? utc : null;
}

function writtenDate(year: number, month: number, day: number): string | null {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isIsoDate(text) ? text : null;
}

function utcDateOf(ms: number): string | null {
  const text = new Date(ms).toISOString().slice(0, 10);
  return isIsoDate(text) ? text : null;
}
