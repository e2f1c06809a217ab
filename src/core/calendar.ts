/**
 * The NYSE trading calendar for 2000-2035 (weekends, holidays with their weekend observance, Good
 * Friday, special closures), and the free functions the US market has always been asked through.
 */
import { computeNyseHolidays } from './nyse-holidays.js';
import type { Holiday } from './nyse-holidays.js';
import { CalendarRangeError, TradingCalendar } from './trading-calendar.js';

export { CalendarRangeError };

export const CALENDAR_FIRST_YEAR = 2000;
export const CALENDAR_LAST_YEAR = 2035;

export const NYSE_CALENDAR = new TradingCalendar({
  label: 'the trading calendar',
  firstYear: CALENDAR_FIRST_YEAR,
  lastYear: CALENDAR_LAST_YEAR,
  weekends: true,
  closures: computeNyseHolidays,
});

export function isTradingDay(date: string): boolean {
  return NYSE_CALENDAR.isSession(date);
}

/** Null on a session; otherwise 'Weekend' or the name of the holiday or special closure. */
export function closureReason(date: string): string | null {
  return NYSE_CALENDAR.closureReason(date);
}

/** Sessions from `start` to `end`, both included, ascending; empty when `start` is after `end`. */
export function tradingDaysBetween(start: string, end: string): string[] {
  return NYSE_CALENDAR.sessionsBetween(start, end);
}

export function countTradingDays(start: string, end: string): number {
  return NYSE_CALENDAR.countSessions(start, end);
}

/** The last session strictly before `date`. */
export function previousTradingDay(date: string): string {
  return NYSE_CALENDAR.previousSession(date);
}

/** The first session strictly after `date`. */
export function nextTradingDay(date: string): string {
  return NYSE_CALENDAR.nextSession(date);
}

/** Full-day closures of `year` (weekends aside), ascending, special closures included. */
export function nyseHolidays(year: number): Holiday[] {
  return NYSE_CALENDAR.closures(year);
}
