/**
 * The NYSE trading calendar for 2000-2035: which dates hold a session and which do not, and why.
 * Each year's closures and sessions are computed once and memoised, so long ranges stay cheap.
 */
import { addDays, dayOfWeek, eachDate, isIsoDate } from './dates.js';
import { computeNyseHolidays } from './nyse-holidays.js';
import type { Holiday } from './nyse-holidays.js';

export const CALENDAR_FIRST_YEAR = 2000;
export const CALENDAR_LAST_YEAR = 2035;

const FIRST_DATE = `${CALENDAR_FIRST_YEAR}-01-01`;
const LAST_DATE = `${CALENDAR_LAST_YEAR}-12-31`;

/** A date or year the calendar does not cover; holiday rules beyond it are not known to hold. */
export class CalendarRangeError extends Error {
  constructor(what: string) {
    super(`${what} is outside the trading calendar (${FIRST_DATE}..${LAST_DATE})`);
    this.name = 'CalendarRangeError';
  }
}

interface YearCalendar {
  holidays: readonly Holiday[];
  closureNames: ReadonlyMap<string, string>;
  /** Every session of the year, ascending. */
  sessions: readonly string[];
}

const yearCache = new Map<number, YearCalendar>();

export function isTradingDay(date: string): boolean {
  return closureReason(date) === null;
}

/** Null on a session; otherwise 'Weekend' or the name of the holiday or special closure. */
export function closureReason(date: string): string | null {
  assertInRange(date);
  if (isWeekend(date)) return 'Weekend';
  return yearOf(date).closureNames.get(date) ?? null;
}

/** Sessions from `start` to `end`, both included, ascending; empty when `start` is after `end`. */
export function tradingDaysBetween(start: string, end: string): string[] {
  assertInRange(start);
  assertInRange(end);
  const sessions: string[] = [];
  for (let year = yearNumber(start); year <= yearNumber(end); year++) {
    for (const session of yearCalendar(year).sessions) {
      if (session >= start && session <= end) sessions.push(session);
    }
  }
  return sessions;
}

export function countTradingDays(start: string, end: string): number {
  return tradingDaysBetween(start, end).length;
}

/** The last session strictly before `date`. */
export function previousTradingDay(date: string): string {
  return stepToSession(date, -1);
}

/** The first session strictly after `date`. */
export function nextTradingDay(date: string): string {
  return stepToSession(date, 1);
}

/** Full-day closures of `year` (weekends aside), ascending, special closures included. */
export function nyseHolidays(year: number): Holiday[] {
  if (!Number.isInteger(year) || year < CALENDAR_FIRST_YEAR || year > CALENDAR_LAST_YEAR) {
    throw new CalendarRangeError(`Year ${year}`);
  }
  // Copies, so a caller mutating the result cannot corrupt the memoised calendar.
  return yearCalendar(year).holidays.map((holiday) => ({ ...holiday }));
}

function stepToSession(date: string, direction: 1 | -1): string {
  assertInRange(date);
  let candidate = date;
  do {
    candidate = addDays(candidate, direction);
    // Stepping past either end means the answer lies where the rules are unknown.
    if (candidate < FIRST_DATE || candidate > LAST_DATE)
      throw new CalendarRangeError(`The session next to ${date}`);
  } while (!isTradingDay(candidate));
  return candidate;
}

function yearCalendar(year: number): YearCalendar {
  const cached = yearCache.get(year);
  if (cached) return cached;
  const holidays = computeNyseHolidays(year);
  const closureNames = new Map(holidays.map((holiday) => [holiday.date, holiday.name]));
  // Track the weekday by position rather than re-deriving it for each of the year's dates.
  const januaryFirstWeekday = dayOfWeek(`${year}-01-01`);
  const sessions = eachDate(`${year}-01-01`, `${year}-12-31`).filter(
    (date, index) => !isWeekendDay((januaryFirstWeekday + index) % 7) && !closureNames.has(date),
  );
  const calendar: YearCalendar = { holidays, closureNames, sessions };
  yearCache.set(year, calendar);
  return calendar;
}

function yearOf(date: string): YearCalendar {
  return yearCalendar(yearNumber(date));
}

function yearNumber(date: string): number {
  return Number(date.slice(0, 4));
}

function isWeekend(date: string): boolean {
  return isWeekendDay(dayOfWeek(date));
}

function isWeekendDay(weekday: number): boolean {
  return weekday === 0 || weekday === 6;
}

function assertInRange(date: string): void {
  if (!isIsoDate(date)) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  // Valid ISO dates order lexicographically exactly as they order in time.
  if (date < FIRST_DATE || date > LAST_DATE) throw new CalendarRangeError(`Date ${date}`);
}
