/**
 * Metrics and valuation over hourly sessions: a value at each bar's close, labelled by the session,
 * annualised with the market's hourly periods. The daily figures' own tests are unchanged.
 */
import { describe, expect, it } from 'vitest';
import { US_MARKET } from '../../src/core/markets/index.js';
import { periodMetrics, riskMetrics } from '../../src/core/metrics.js';
import { periodsPerYearOf } from '../../src/core/sessions.js';
import { daysSinceLastTrading } from '../../src/core/valuation.js';

const VALUES = [
  { date: '2025-10-02 14:00:00', value: 10_100 },
  { date: '2025-10-02 15:00:00', value: 9_999 },
  { date: '2025-10-03 10:00:00', value: 10_201 },
];

describe('metrics of an hourly series', () => {
  it('count sessions, and calendar days from the sessions’ dates', () => {
    expect(periodMetrics(VALUES, 10_000)).toMatchObject({
      calendarDays: 2,
      tradingDays: 3,
      endingValue: 10_201,
    });
  });

  it('annualise volatility with the hourly periods: sample deviation x sqrt(252 x 6.5)', () => {
    // Returns: 10100/10000 - 1 = 0.01; 9999/10100 - 1 = -0.01; 10201/9999 - 1 = 0.0202020...
    const returns = [0.01, 9_999 / 10_100 - 1, 10_201 / 9_999 - 1];
    const mean = returns.reduce((a, b) => a + b, 0) / 3;
    const sd = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / 2);
    const risk = riskMetrics(VALUES, 10_000, { periodsPerYear: periodsPerYearOf(US_MARKET, 'hourly') });
    expect(risk.volatilityPct).toBeCloseTo(sd * Math.sqrt(1638) * 100, 10);
    expect(risk.maxDrawdownStart).toBe('2025-10-02 14:00:00');
    expect(risk.maxDrawdownEnd).toBe('2025-10-02 15:00:00');
  });
});

describe('days since the last session, hourly', () => {
  it('is 0 between hours of a day and counts calendar days across days', () => {
    expect(daysSinceLastTrading(null, '2025-10-02 10:00:00')).toBe(0);
    expect(daysSinceLastTrading('2025-10-02 10:00:00', '2025-10-02 11:00:00')).toBe(0);
    expect(daysSinceLastTrading('2025-10-03 15:00:00', '2025-10-06 10:00:00')).toBe(3);
  });

  it('refuses a previous session after the current one, within a day too', () => {
    expect(() => daysSinceLastTrading('2025-10-02 12:00:00', '2025-10-02 11:00:00')).toThrow(RangeError);
    expect(() => daysSinceLastTrading(null, '2025-10-02 10:00')).toThrow(RangeError);
  });
});
