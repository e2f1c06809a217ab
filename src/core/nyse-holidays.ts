/**
 * The days the NYSE stays shut for a whole session, year by year: the recurring
 * holidays of its rulebook plus the one-off closures it has declared since 2000.
 * No range checks here; `calendar.ts` decides which years it will answer for.
 */
import { addDays, dayOfWeek } from './dates.js';
import type { Holiday } from './trading-calendar.js';

export type { Holiday };

const SUNDAY = 0;
const MONDAY = 1;
const THURSDAY = 4;
const SATURDAY = 6;

/** Juneteenth became a federal holiday in 2021, but the NYSE first closed for it in 2022. */
const JUNETEENTH_FIRST_YEAR = 2022;

/** Closures outside the rulebook: national tragedies, storms, days of mourning. */
const SPECIAL_CLOSURES: readonly Holiday[] = [
  { date: '2001-09-11', name: 'September 11 attacks' },
  { date: '2001-09-12', name: 'September 11 attacks' },
  { date: '2001-09-13', name: 'September 11 attacks' },
  { date: '2001-09-14', name: 'September 11 attacks' },
  { date: '2004-06-11', name: "President Reagan's funeral" },
  { date: '2007-01-02', name: "President Ford's day of mourning" },
  { date: '2012-10-29', name: 'Hurricane Sandy' },
  { date: '2012-10-30', name: 'Hurricane Sandy' },
  { date: '2018-12-05', name: "President G. H. W. Bush's day of mourning" },
  { date: '2025-01-09', name: "President Carter's day of mourning" },
];

/** Full-day closures of `year`, ascending by date. */
export function computeNyseHolidays(year: number): Holiday[] {
  const holidays: (Holiday | null)[] = [
    newYearsDay(year),
    { date: nthWeekdayOfMonth(year, 1, MONDAY, 3), name: 'Martin Luther King Jr. Day' },
    { date: nthWeekdayOfMonth(year, 2, MONDAY, 3), name: "Washington's Birthday" },
    { date: addDays(easterSunday(year), -2), name: 'Good Friday' },
    { date: lastWeekdayOfMonth(year, 5, MONDAY), name: 'Memorial Day' },
    year >= JUNETEENTH_FIRST_YEAR
      ? nearestWeekday(isoDate(year, 6, 19), 'Juneteenth National Independence Day')
      : null,
    nearestWeekday(isoDate(year, 7, 4), 'Independence Day'),
    { date: nthWeekdayOfMonth(year, 9, MONDAY, 1), name: 'Labor Day' },
    { date: nthWeekdayOfMonth(year, 11, THURSDAY, 4), name: 'Thanksgiving Day' },
    nearestWeekday(isoDate(year, 12, 25), 'Christmas Day'),
    ...SPECIAL_CLOSURES.filter((closure) => closure.date.startsWith(`${year}-`)),
  ];
  return holidays
    .filter((holiday): holiday is Holiday => holiday !== null)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
 * Exported so the arithmetic can be tested against known Easter dates.
 */
export function easterSunday(year: number): string {
  const goldenNumber = year % 19;
  const century = Math.floor(year / 100);
  const yearInCentury = year % 100;
  const skippedLeapYears = Math.floor(century / 4);
  const centuryRemainder = century % 4;
  const lunarCorrection = Math.floor((century + 8) / 25);
  const solarCorrection = Math.floor((century - lunarCorrection + 1) / 3);
  const epact = (19 * goldenNumber + century - skippedLeapYears - solarCorrection + 15) % 30;
  const leapYearsInCentury = Math.floor(yearInCentury / 4);
  const yearRemainder = yearInCentury % 4;
  const daysToSunday = (32 + 2 * centuryRemainder + 2 * leapYearsInCentury - epact - yearRemainder) % 7;
  const lateFullMoonShift = Math.floor((goldenNumber + 11 * epact + 22 * daysToSunday) / 451);
  const offset = epact + daysToSunday - 7 * lateFullMoonShift + 114;
  return isoDate(year, Math.floor(offset / 31), (offset % 31) + 1);
}

/** The NYSE rolls a Sunday New Year forward but, unlike the federal rule, never back onto a Friday. */
function newYearsDay(year: number): Holiday | null {
  const date = isoDate(year, 1, 1);
  const weekday = dayOfWeek(date);
  if (weekday === SATURDAY) return null;
  if (weekday === SUNDAY) return { date: addDays(date, 1), name: "New Year's Day (observed)" };
  return { date, name: "New Year's Day" };
}

/** Fixed-date holiday moved off the weekend: Saturday to Friday, Sunday to Monday. */
function nearestWeekday(date: string, name: string): Holiday {
  const weekday = dayOfWeek(date);
  if (weekday === SATURDAY) return { date: addDays(date, -1), name: `${name} (observed)` };
  if (weekday === SUNDAY) return { date: addDays(date, 1), name: `${name} (observed)` };
  return { date, name };
}

/** E.g. the 3rd Monday of January; `month` is 1-based. */
function nthWeekdayOfMonth(year: number, month: number, weekday: number, n: number): string {
  const first = isoDate(year, month, 1);
  const daysToFirstMatch = (weekday - dayOfWeek(first) + 7) % 7;
  return addDays(first, daysToFirstMatch + 7 * (n - 1));
}

/** E.g. the last Monday of May; `month` is 1-based. */
function lastWeekdayOfMonth(year: number, month: number, weekday: number): string {
  const firstOfNextMonth = month === 12 ? isoDate(year + 1, 1, 1) : isoDate(year, month + 1, 1);
  const last = addDays(firstOfNextMonth, -1);
  return addDays(last, -((dayOfWeek(last) - weekday + 7) % 7));
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
