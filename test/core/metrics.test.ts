import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/dates.js';
import { calmarRatio, periodMetrics, riskMetrics, roundTo, type ValuePoint } from '../../src/core/metrics.js';

/** Consecutive dates from 2025-10-01, one per value. */
function series(...values: number[]): ValuePoint[] {
  return values.map((value, i) => ({ date: addDays('2025-10-01', i), value }));
}

describe('roundTo', () => {
  it('rounds half away from zero as the decimal spelling reads', () => {
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(2.675, 2)).toBe(2.68);
    expect(roundTo(-1.005, 2)).toBe(-1.01);
    expect(roundTo(1.98019801980198, 4)).toBe(1.9802);
    expect(roundTo(1.004, 2)).toBe(1);
  });

  it('never returns negative zero', () => {
    expect(Object.is(roundTo(-0.0001, 2), 0)).toBe(true);
  });
});

describe('periodMetrics', () => {
  it('measures a month: 10000 -> 10500 from 2025-10-01 to 2025-10-31', () => {
    const values = [
      { date: '2025-10-01', value: 10200 },
      { date: '2025-10-31', value: 10500 },
    ];
    expect(periodMetrics(values, 10000)).toEqual({
      startingValue: 10000,
      endingValue: 10500,
      periodReturnPct: expect.closeTo(5, 9),
      // (1.05^(365/31) - 1) * 100 = 77.61797…
      annualizedReturnPct: expect.closeTo(77.618, 3),
      calendarDays: 31,
      tradingDays: 2,
    });
  });

  it('annualises a 365-day period to the period return itself', () => {
    const values = [
      { date: '2025-01-01', value: 9950 },
      { date: '2025-12-31', value: 9000 },
    ];
    const metrics = periodMetrics(values, 10000);
    expect(metrics.periodReturnPct).toBeCloseTo(-10, 9);
    expect(metrics.annualizedReturnPct).toBeCloseTo(-10, 9);
    expect(metrics.calendarDays).toBe(365);
  });

  it('counts a single day as one calendar day: 1% compounds to (1.01^365 - 1) * 100', () => {
    const metrics = periodMetrics(series(10100), 10000);
    expect(metrics.calendarDays).toBe(1);
    expect(metrics.tradingDays).toBe(1);
    expect(metrics.annualizedReturnPct).toBeCloseTo(3678.3434, 4);
  });

  it('reports no growth without values or without a positive starting value', () => {
    expect(periodMetrics([], 10000)).toEqual({
      startingValue: 10000,
      endingValue: 10000,
      periodReturnPct: 0,
      annualizedReturnPct: 0,
      calendarDays: 0,
      tradingDays: 0,
    });
    const fromZero = periodMetrics(series(500), 0);
    expect(fromZero.periodReturnPct).toBe(0);
    expect(fromZero.annualizedReturnPct).toBe(0);
  });

  it('reports a total loss as -100% without a non-finite annualisation', () => {
    const metrics = periodMetrics(series(5000, 0), 10000);
    expect(metrics.periodReturnPct).toBe(-100);
    expect(metrics.annualizedReturnPct).toBe(0);
  });
});

describe('riskMetrics', () => {
  // 100 -> 110 -> 99 -> 108.9: daily returns +10%, -10%, +10%.
  // mean = 1/30; sample sd = sqrt(((1/15)^2 * 2 + (2/15)^2) / 2) = 0.11547; sqrt(252) = 15.8745
  // downside deviation = sqrt(0.1^2 / 3) = 0.057735
  const swing = series(110, 99, 108.9);

  it('computes volatility, Sharpe, Sortino, win rate and best/worst day by hand', () => {
    expect(riskMetrics(swing, 100)).toEqual({
      volatilityPct: expect.closeTo(183.3, 1), // 0.11547 * 15.8745 * 100
      sharpe: expect.closeTo(4.5826, 4), // (1/30) / 0.11547 * 15.8745
      sortino: expect.closeTo(9.1652, 4), // (1/30) / 0.057735 * 15.8745
      maxDrawdownPct: expect.closeTo(10, 9), // 110 -> 99
      maxDrawdownStart: '2025-10-01',
      maxDrawdownEnd: '2025-10-02',
      // 1.089 over 3 calendar days annualises to (1.089^(365/3) - 1) * 100; over the 10% drawdown.
      calmar: expect.closeTo(((1.089 ** (365 / 3) - 1) * 100) / 10, 6),
      winRatePct: expect.closeTo(66.6667, 4),
      bestDayPct: expect.closeTo(10, 9),
      worstDayPct: expect.closeTo(-10, 9),
    });
  });

  it('subtracts the risk-free rate spread over 252 days', () => {
    // 252% a year is 1% a day: excess mean = 1/30 - 0.01; downside = sqrt(0.11^2 / 3) = 0.063509
    const metrics = riskMetrics(swing, 100, { riskFreeRatePct: 252 });
    expect(metrics.sharpe).toBeCloseTo(3.2078, 4);
    expect(metrics.sortino).toBeCloseTo(5.8324, 4);
    expect(metrics.volatilityPct).toBeCloseTo(183.3, 1);
  });

  it('counts a fall from the starting value under the first date', () => {
    // 1000 -> 900 -> 800 -> 1200: the deepest fall is 20% from the opening 1000, trough on day 2.
    const metrics = riskMetrics(series(900, 800, 1200), 1000);
    expect(metrics.maxDrawdownPct).toBeCloseTo(20, 9);
    expect(metrics.maxDrawdownStart).toBe('2025-10-01');
    expect(metrics.maxDrawdownEnd).toBe('2025-10-02');
  });

  it('keeps the deepest of several drawdowns and dates it from its own peak', () => {
    // 100 -> 95 (5%), recover to 120, then 120 -> 90 (25%), then 130.
    const metrics = riskMetrics(series(95, 120, 90, 130), 100);
    expect(metrics.maxDrawdownPct).toBeCloseTo(25, 9);
    expect(metrics.maxDrawdownStart).toBe('2025-10-02');
    expect(metrics.maxDrawdownEnd).toBe('2025-10-03');
  });

  it('leaves deviation-based figures null with a single return', () => {
    expect(riskMetrics(series(105), 100)).toEqual({
      volatilityPct: null,
      sharpe: null,
      sortino: null,
      maxDrawdownPct: 0,
      maxDrawdownStart: null,
      maxDrawdownEnd: null,
      calmar: null,
      winRatePct: 100,
      bestDayPct: expect.closeTo(5, 9),
      worstDayPct: expect.closeTo(5, 9),
    });
  });

  it('leaves Sharpe null for a flat series and Sortino null without down days', () => {
    const flat = riskMetrics(series(100, 100, 100), 100);
    expect(flat.volatilityPct).toBe(0);
    expect(flat.sharpe).toBeNull();
    expect(flat.sortino).toBeNull();
    expect(flat.winRatePct).toBe(0);

    const rising = riskMetrics(series(101, 103, 104), 100);
    expect(rising.sharpe).not.toBeNull();
    expect(rising.sortino).toBeNull();
  });

  it('gives the Calmar ratio of a year: 10% return over a 25% drawdown is 0.4', () => {
    // 10000 -> 12000 (peak) -> 9000 (trough: 3000 / 12000 = 25%) -> 11000, 2025-01-01 to 2025-12-31:
    // 365 calendar days, so the annualised return is the period return, 10%. 10 / 25 = 0.4.
    const values = [
      { date: '2025-01-01', value: 12000 },
      { date: '2025-06-30', value: 9000 },
      { date: '2025-12-31', value: 11000 },
    ];
    const metrics = riskMetrics(values, 10000);
    expect(metrics.maxDrawdownPct).toBeCloseTo(25, 9);
    expect([metrics.maxDrawdownStart, metrics.maxDrawdownEnd]).toEqual(['2025-01-01', '2025-06-30']);
    expect(metrics.calmar).toBeCloseTo(0.4, 9);
  });

  it('gives a Calmar ratio on one falling day, and none on a flat or never-falling series', () => {
    // One day 10000 -> 9900: drawdown 1%; annualised (0.99^365 - 1) * 100 = -97.4482…; / 1.
    expect(riskMetrics(series(9900), 10000).calmar).toBeCloseTo(-97.4482, 4);
    expect(riskMetrics(series(100, 100, 100), 100).calmar).toBeNull();
    expect(riskMetrics(series(101, 102), 100).calmar).toBeNull();
    expect(calmarRatio(20, 0)).toBeNull();
    expect(calmarRatio(20, null)).toBeNull();
    expect(calmarRatio(-30, 15)).toBe(-2);
  });

  it('is all null without values', () => {
    expect(Object.values(riskMetrics([], 10000)).every((v) => v === null)).toBe(true);
  });

  const positiveSeries = fc.array(fc.double({ min: 0.01, max: 1e7, noNaN: true }), {
    minLength: 1,
    maxLength: 60,
  });

  it('bounds the max drawdown and win rate between 0 and 100', () => {
    fc.assert(
      fc.property(positiveSeries, fc.double({ min: 0.01, max: 1e7, noNaN: true }), (values, start) => {
        const metrics = riskMetrics(series(...values), start);
        expect(metrics.maxDrawdownPct).toBeGreaterThanOrEqual(0);
        expect(metrics.maxDrawdownPct).toBeLessThanOrEqual(100);
        expect(metrics.winRatePct).toBeGreaterThanOrEqual(0);
        expect(metrics.winRatePct).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('reports no drawdown for a series that never falls', () => {
    fc.assert(
      fc.property(positiveSeries, fc.double({ min: 0.01, max: 1e3, noNaN: true }), (steps, start) => {
        // Running sums of positive steps rise strictly from the start.
        let value = start;
        const rising = steps.map((step) => (value += step));
        const metrics = riskMetrics(series(...rising), start);
        expect(metrics.maxDrawdownPct).toBe(0);
        expect(metrics.maxDrawdownStart).toBeNull();
        expect(metrics.maxDrawdownEnd).toBeNull();
        expect(metrics.worstDayPct).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
