/**
 * The weekdays the Shanghai Stock Exchange stays shut, 2020-2026. China's public holidays follow the
 * lunar calendar and are set each year by the State Council, so they are a table, not a rule; the
 * exchange also stays shut on the weekend days that the holiday schedule makes working days. Years
 * outside the table are refused by the calendar rather than guessed.
 */
import type { Holiday } from './trading-calendar.js';

export const SSE_FIRST_YEAR = 2020;
export const SSE_LAST_YEAR = 2026;

const NEW_YEAR = "New Year's Day";
const SPRING = 'Spring Festival';
const QINGMING = 'Qingming Festival';
const LABOUR = 'Labour Day';
const DRAGON_BOAT = 'Dragon Boat Festival';
const MID_AUTUMN = 'Mid-Autumn Festival';
const NATIONAL = 'National Day';

/** Weekday closures by year: [name, dates...]. */
const CLOSURES: Record<number, readonly (readonly [string, ...string[]])[]> = {
  2020: [
    [NEW_YEAR, '01-01'],
    // Extended to 2 February by the State Council because of the COVID-19 outbreak.
    [SPRING, '01-24', '01-27', '01-28', '01-29', '01-30', '01-31'],
    [QINGMING, '04-06'],
    [LABOUR, '05-01', '05-04', '05-05'],
    [DRAGON_BOAT, '06-25', '06-26'],
    [NATIONAL, '10-01', '10-02', '10-05', '10-06', '10-07', '10-08'],
  ],
  2021: [
    [NEW_YEAR, '01-01'],
    [SPRING, '02-11', '02-12', '02-15', '02-16', '02-17'],
    [QINGMING, '04-05'],
    [LABOUR, '05-03', '05-04', '05-05'],
    [DRAGON_BOAT, '06-14'],
    [MID_AUTUMN, '09-20', '09-21'],
    [NATIONAL, '10-01', '10-04', '10-05', '10-06', '10-07'],
  ],
  2022: [
    [NEW_YEAR, '01-03'],
    [SPRING, '01-31', '02-01', '02-02', '02-03', '02-04'],
    [QINGMING, '04-04', '04-05'],
    [LABOUR, '05-02', '05-03', '05-04'],
    [DRAGON_BOAT, '06-03'],
    [MID_AUTUMN, '09-12'],
    [NATIONAL, '10-03', '10-04', '10-05', '10-06', '10-07'],
  ],
  2023: [
    [NEW_YEAR, '01-02'],
    [SPRING, '01-23', '01-24', '01-25', '01-26', '01-27'],
    [QINGMING, '04-05'],
    [LABOUR, '05-01', '05-02', '05-03'],
    [DRAGON_BOAT, '06-22', '06-23'],
    [MID_AUTUMN, '09-29'],
    [NATIONAL, '10-02', '10-03', '10-04', '10-05', '10-06'],
  ],
  2024: [
    [NEW_YEAR, '01-01'],
    [SPRING, '02-09', '02-12', '02-13', '02-14', '02-15', '02-16'],
    [QINGMING, '04-04', '04-05'],
    [LABOUR, '05-01', '05-02', '05-03'],
    [DRAGON_BOAT, '06-10'],
    [MID_AUTUMN, '09-16', '09-17'],
    [NATIONAL, '10-01', '10-02', '10-03', '10-04', '10-07'],
  ],
  2025: [
    [NEW_YEAR, '01-01'],
    [SPRING, '01-28', '01-29', '01-30', '01-31', '02-03', '02-04'],
    [QINGMING, '04-04'],
    [LABOUR, '05-01', '05-02', '05-05'],
    [DRAGON_BOAT, '06-02'],
    // National Day and Mid-Autumn (6 October) fell together: one closure of 1-8 October.
    [NATIONAL, '10-01', '10-02', '10-03', '10-06', '10-07', '10-08'],
  ],
  2026: [
    [NEW_YEAR, '01-01', '01-02'],
    [SPRING, '02-16', '02-17', '02-18', '02-19', '02-20', '02-23'],
    [QINGMING, '04-06'],
    [LABOUR, '05-01', '05-04', '05-05'],
    [DRAGON_BOAT, '06-19'],
    [MID_AUTUMN, '09-25'],
    [NATIONAL, '10-01', '10-02', '10-05', '10-06', '10-07'],
  ],
};

/** Weekday closures of `year`, ascending; empty for a year outside the table. */
export function sseClosures(year: number): Holiday[] {
  const groups = CLOSURES[year] ?? [];
  return groups
    .flatMap(([name, ...days]) => days.map((day) => ({ date: `${year}-${day}`, name })))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
