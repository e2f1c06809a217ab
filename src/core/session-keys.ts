/**
 * What names one session of a market. A daily session is its trading date, `YYYY-MM-DD`, as it has
 * always been; an hourly session is its bar's label, `YYYY-MM-DD HH:MM:SS` in the market's local
 * time, as the benchmark writes it (`"date": "2025-10-02 10:00:00"` in its position records).
 *
 * Both kinds compare as strings exactly as they do in time, which is why the look-ahead guard, the
 * price index and the metrics can take either without knowing which: a later key is a later
 * session. Across kinds the order is not the order of knowledge (a date sorts before every label of
 * its own day, though the day's close comes after them), so a key is only ever compared with keys
 * of its own kind; `sessionFrequency` tells them apart.
 */
import { isIsoDate } from './dates.js';

/** How often a job's sessions come: one a trading day, or one per hourly bar of the regular session. */
export const FREQUENCIES = ['daily', 'hourly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** What a job that names no frequency runs: one session a day, as the server always has. */
export const DEFAULT_FREQUENCY: Frequency = 'daily';

export function isFrequency(value: unknown): value is Frequency {
  return typeof value === 'string' && (FREQUENCIES as readonly string[]).includes(value);
}

const DATE_LENGTH = 'YYYY-MM-DD'.length;
const LABEL_LENGTH = 'YYYY-MM-DD HH:MM:SS'.length;
const SESSION_LABEL = /^(\d{4}-\d{2}-\d{2}) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

/** True when `s` is strictly `YYYY-MM-DD HH:MM:SS` (24-hour clock) on a day that exists. */
export function isSessionLabel(s: string): boolean {
  const match = SESSION_LABEL.exec(s);
  return match !== null && isIsoDate(match[1] as string);
}

/** True for a daily key (`YYYY-MM-DD`) or an hourly one (`YYYY-MM-DD HH:MM:SS`). */
export function isSessionKey(s: string): boolean {
  return isIsoDate(s) || isSessionLabel(s);
}

/**
 * Which kind of session a valid key names. Read from its length alone so that the guard can ask on
 * every read; a key that is neither kind is the caller's bug and throws.
 */
export function sessionFrequency(key: string): Frequency {
  if (key.length === DATE_LENGTH && isIsoDate(key)) return 'daily';
  if (key.length === LABEL_LENGTH && isSessionLabel(key)) return 'hourly';
  throw new RangeError(`Not a session (YYYY-MM-DD or YYYY-MM-DD HH:MM:SS): ${JSON.stringify(key)}`);
}

/** The trading date a session belongs to: the key itself for a day, the label's date for an hour. */
export function sessionDate(key: string): string {
  sessionFrequency(key);
  return key.slice(0, DATE_LENGTH);
}

/** The label of the session at local `time` (`HH:MM:SS`) on trading date `date`. */
export function sessionLabel(date: string, time: string): string {
  const label = `${date} ${time}`;
  if (!isSessionLabel(label)) {
    throw new RangeError(`Not a session label: ${JSON.stringify(label)} (YYYY-MM-DD HH:MM:SS)`);
  }
  return label;
}
