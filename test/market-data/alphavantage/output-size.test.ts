import { describe, expect, it } from 'vitest';
import { chooseOutputSize } from '../../../src/market-data/alphavantage/client.js';

/** Counts weekdays in [a, b], both included: enough of a calendar for these examples. */
function weekdaysBetween(a: string, b: string): number {
  let count = 0;
  for (
    let day = new Date(`${a}T00:00:00Z`);
    day <= new Date(`${b}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() + 1)
  ) {
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) count++;
  }
  return count;
}

describe('chooseOutputSize', () => {
  // 2025-10-31 is a Friday; 100 weekdays back, inclusive, starts on Monday 2025-06-16.
  it.each([
    ['2025-10-31', 'compact', 'the latest session itself'],
    ['2025-10-01', 'compact', 'a month back'],
    ['2025-06-16', 'compact', 'exactly the 100th session'],
    ['2025-06-13', 'full', 'the 101st session (the Friday before)'],
    ['2024-01-02', 'full', 'almost two years back'],
    ['2025-06-14', 'compact', 'the weekend just before the 100th session'],
    ['2025-11-05', 'compact', 'a date after the latest session'],
  ])('needs %s -> %s (%s)', (oldest, expected) => {
    expect(chooseOutputSize(oldest, '2025-10-31', weekdaysBetween)).toBe(expected);
  });

  it('asks the counting function about [oldest, latest]', () => {
    const calls: [string, string][] = [];
    chooseOutputSize('2025-01-02', '2025-03-03', (a, b) => {
      calls.push([a, b]);
      return 41;
    });
    expect(calls).toEqual([['2025-01-02', '2025-03-03']]);
  });
});
