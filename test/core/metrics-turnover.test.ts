import { describe, expect, it } from 'vitest';
import { turnover } from '../../src/core/turnover.js';

const days = (...values: number[]) => values.map((value, i) => ({ date: `2025-10-0${i + 1}`, value }));

describe('turnover', () => {
  it('divides the traded notional by the mean end-of-day value', () => {
    // Bought 5000 of stock, later sold 2500 of it: 7500 traded.
    // Mean value (9800 + 10000 + 10200) / 3 = 10000; 7500 / 10000 = 0.75.
    expect(turnover(7500, days(9800, 10000, 10200))).toBeCloseTo(0.75, 12);
  });

  it('counts a whole portfolio bought on one day as 1', () => {
    expect(turnover(10000, days(10000))).toBe(1);
  });

  it('is 0 without trades and null without a value to divide by', () => {
    expect(turnover(0, days(10000, 10000))).toBe(0);
    expect(turnover(500, [])).toBeNull();
    expect(turnover(500, days(0, 0))).toBeNull();
  });
});
