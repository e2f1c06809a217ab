/**
 * A market's sessions at a frequency: the unit a job plans, runs and values. Daily sessions are the
 * trading calendar's dates, unchanged; hourly ones are each trading date's bars as the market
 * defines them (`Market.hourly`), labelled `YYYY-MM-DD HH:MM:SS` in its local time. Everything here
 * reads the market's definition; nothing branches on its name.
 */
import type { HourlySession, HourlySessions, Market } from './markets/market.js';
import { isIsoDate } from './dates.js';
import {
  type Frequency,
  isSessionLabel,
  sessionDate,
  sessionFrequency,
  sessionLabel,
} from './session-keys.js';

export {
  DEFAULT_FREQUENCY,
  FREQUENCIES,
  type Frequency,
  isFrequency,
  isSessionKey,
  isSessionLabel,
  sessionDate,
  sessionFrequency,
  sessionLabel,
} from './session-keys.js';

/** A frequency the market does not trade at (crypto has no hourly sessions). */
export class FrequencyError extends Error {
  override readonly name = 'FrequencyError';
}

/** The frequencies `market` can be run at: always daily, hourly where it defines hourly sessions. */
export function frequenciesOf(market: Market): Frequency[] {
  return market.hourly === null ? ['daily'] : ['daily', 'hourly'];
}

/** The market's hourly sessions, or a FrequencyError saying it has none. */
export function hourlySessionsOf(market: Market): HourlySessions {
  if (market.hourly === null) {
    throw new FrequencyError(
      `market ${market.id} has no hourly sessions (frequencies: ${frequenciesOf(market).join(', ')})`,
    );
  }
  return market.hourly;
}

/** Periods a year that annualise risk figures of `frequency` sessions in `market`. */
export function periodsPerYearOf(market: Market, frequency: Frequency): number {
  return frequency === 'daily' ? market.periodsPerYear : hourlySessionsOf(market).periodsPerYear;
}

/**
 * Every session of `market` at `frequency` from `start` to `end`, both included, ascending; empty
 * when `start` is after `end`.
 *
 * Daily: `start` and `end` are dates and the answer is the calendar's sessions, as it always was; a
 * time in a bound is refused rather than rounded, since a day's session could fall either side of it.
 * Hourly: a bound is a date (the whole day: from its first session, through its last) or a label
 * `YYYY-MM-DD HH:MM:SS` in the market's local time, which need not be a session's own: the
 * benchmark's `"init_date": "2025-10-23 14:00:00", "end_date": "2025-10-27 19:00:00"` runs from the
 * 14:00 bar of the 23rd through the 15:00 bar of the 27th.
 */
export function sessionsBetween(market: Market, frequency: Frequency, start: string, end: string): string[] {
  if (frequency === 'daily') {
    for (const bound of [start, end]) {
      if (!isIsoDate(bound)) {
        throw new RangeError(`Daily sessions take YYYY-MM-DD bounds, got ${JSON.stringify(bound)}`);
      }
    }
    return market.calendar.sessionsBetween(start, end);
  }
  const { sessions } = hourlySessionsOf(market);
  const from = sessionDate(start);
  const to = sessionDate(end);
  const labels: string[] = [];
  for (const date of market.calendar.sessionsBetween(from, to)) {
    for (const { label: time } of sessions) {
      const label = sessionLabel(date, time);
      // A date bound takes its whole day; only a label bound cuts a day short.
      if (date === from && isSessionLabel(start) && label < start) continue;
      if (date === to && isSessionLabel(end) && label > end) continue;
      labels.push(label);
    }
  }
  return labels;
}

/**
 * True when `key` names a session of `market` at `frequency`: a trading date for daily, a trading
 * date's hourly bar for hourly (`2025-10-02 10:30:00` is not one in the US, whose bars are on the hour).
 * A date outside the calendar's years is not known to be one.
 */
export function isSessionOf(market: Market, frequency: Frequency, key: string): boolean {
  if (frequency === 'hourly' && market.hourly === null) return false;
  let kind: Frequency;
  try {
    kind = sessionFrequency(key);
  } catch {
    return false;
  }
  const date = sessionDate(key);
  if (kind !== frequency || !market.calendar.covers(date) || !market.calendar.isSession(date)) {
    return false;
  }
  return kind === 'daily' || sessionAt(market, key) !== undefined;
}

/**
 * The UTC instant (ISO-8601) at which hourly session `label`'s bar opens: when its decisions are
 * made, so what an agent reads in it (news) must be dated before this. Throws for a label that is
 * not one of the market's sessions.
 */
export function sessionOpensAt(market: Market, label: string): string {
  const session = sessionAt(market, label);
  if (session === undefined || !isSessionOf(market, 'hourly', label)) {
    throw new RangeError(`${JSON.stringify(label)} is not an hourly session of market ${market.id}`);
  }
  return zonedTimeToUtc(sessionDate(label), session.opens, hourlySessionsOf(market).timeZone);
}

function sessionAt(market: Market, label: string): HourlySession | undefined {
  const time = label.slice('YYYY-MM-DD '.length);
  return market.hourly?.sessions.find((session) => session.label === time);
}

/**
 * The instant a wall-clock `date time` reads in `timeZone`. The zone's offset is read at the naive
 * instant and once more at the corrected one, which settles every time that exists (a session is
 * never in the hour a clock skips or repeats at night).
 */
function zonedTimeToUtc(date: string, time: string, timeZone: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute, second] = time.split(':').map(Number) as [number, number, number];
  const naive = Date.UTC(year, month - 1, day, hour, minute, second);
  let instant = naive - offsetAt(naive, timeZone);
  instant = naive - offsetAt(instant, timeZone);
  return new Date(instant).toISOString();
}

/** How far `timeZone`'s clock is ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}
