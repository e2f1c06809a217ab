import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/dates.js';
import { pairedReturns, relativeMetrics, type ValueSeries } from '../../src/core/relative-metrics.js';

/** Consecutive dates from 2025-10-01, one per value. */
function series(startingValue: number, ...values: number[]): ValueSeries {
  return { startingValue, values: values.map((value, i) => ({ date: addDays('2025-10-01', i), value })) };
}

// QQQ returns +1%, -1%, +2%: 100 -> 101 -> 99.99 -> 101.9898.
const qqq = series(100, 101, 99.99, 101.9898);
// A model returning 2 * r_qqq + 0.1% each day: +2.1%, -1.9%, +4.1%:
// 1000 -> 1021 -> 1021 * 0.981 = 1001.601 -> 1001.601 * 1.041 = 1042.666641.
const leveraged = series(1000, 1021, 1001.601, 1042.666641);

describe('relativeMetrics (beta and Jensen`s alpha against QQQ)', () => {
  it('finds beta 2 and alpha 0.1% a day, 25.2% a year, for r = 2 * r_qqq + 0.001', () => {
    // mean(r_qqq) = 0.02 / 3; deviations 1/300, -5/300, 4/300; sample var = (1 + 25 + 16) / 90000 / 2
    // = 2.3333e-4. cov(r, r_qqq) = cov(2 * r_qqq, r_qqq) = 2 * var, so beta = 2.
    // alpha = mean(r) - 2 * mean(r_qqq) = 0.001 a day; * 252 * 100 = 25.2% a year.
    const metrics = relativeMetrics(leveraged, qqq);
    expect(metrics.beta).toBeCloseTo(2, 9);
    expect(metrics.alphaPct).toBeCloseTo(25.2, 7);
    expect(metrics.pairedDays).toBe(3);
  });

  it('takes the risk-free rate off both sides: alpha moves by (beta - 1) * rf', () => {
    // 252% a year is 1% a day: (mean(r) - 0.01) - 2 * (mean(r_qqq) - 0.01) = 0.001 + 0.01 = 0.011,
    // * 252 * 100 = 277.2%.
    const metrics = relativeMetrics(leveraged, qqq, { riskFreeRatePct: 252 });
    expect(metrics.beta).toBeCloseTo(2, 9);
    expect(metrics.alphaPct).toBeCloseTo(277.2, 7);
  });

  it('computes the covariance by hand when the returns are not a line of each other', () => {
    // r_qqq = +1%, -1% (mean 0); r = +3%, +1% (mean 0.02).
    // var(r_qqq) = (0.01^2 + 0.01^2) / (2 - 1) = 0.0002;
    // cov = ((0.03 - 0.02) * 0.01 + (0.01 - 0.02) * (-0.01)) / 1 = 0.0002: beta = 1.
    // alpha = 0.02 - 1 * 0 = 0.02 a day = 504% a year.
    const metrics = relativeMetrics(series(100, 103, 104.03), series(50, 50.5, 49.995));
    expect(metrics.beta).toBeCloseTo(1, 9);
    expect(metrics.alphaPct).toBeCloseTo(504, 7);
  });

  it('gives QQQ against itself beta 1 and alpha 0', () => {
    const metrics = relativeMetrics(qqq, qqq);
    expect(metrics.beta).toBeCloseTo(1, 12);
    expect(metrics.alphaPct).toBeCloseTo(0, 9);
  });

  it('is null with one day, a flat benchmark, or no benchmark at all', () => {
    expect(relativeMetrics(series(1000, 1010), series(100, 101))).toEqual({
      alphaPct: null,
      beta: null,
      pairedDays: 1,
    });
    // QQQ never moved: its variance is 0 and nothing can be explained by it.
    expect(relativeMetrics(leveraged, series(100, 100, 100, 100))).toEqual({
      alphaPct: null,
      beta: null,
      pairedDays: 3,
    });
    expect(relativeMetrics(leveraged, null)).toEqual({ alphaPct: null, beta: null, pairedDays: 0 });
    expect(relativeMetrics(leveraged, series(100))).toEqual({ alphaPct: null, beta: null, pairedDays: 0 });
  });

  it('gives a flat portfolio beta 0 and alpha 0 against a moving QQQ', () => {
    const metrics = relativeMetrics(series(1000, 1000, 1000, 1000), qqq);
    expect(metrics.beta).toBe(0);
    expect(metrics.alphaPct).toBe(0);
  });
});

describe('pairedReturns', () => {
  it('spans a day the model skipped on both sides', () => {
    // The model has 10-01 and 10-03; QQQ has every day. Its 10-03 return (1100 / 1000) is paired
    // with QQQ's over the same two days: 103 / 100.
    const model = {
      startingValue: 1000,
      values: [
        { date: '2025-10-01', value: 1000 },
        { date: '2025-10-03', value: 1100 },
      ],
    };
    const pairs = pairedReturns(model, series(100, 100, 101, 103));
    expect(pairs.dates).toEqual(['2025-10-01', '2025-10-03']);
    expect(pairs.portfolio).toEqual([0, expect.closeTo(0.1, 12)]);
    expect(pairs.benchmark).toEqual([0, expect.closeTo(0.03, 12)]);
  });

  it('spans a missing QQQ bar on both sides too', () => {
    // QQQ lacks 10-02: the model's 10-02 return is left out and its 10-03 return runs from 10-01.
    const pairs = pairedReturns(series(1000, 1010, 1020, 1030), {
      startingValue: 100,
      values: [
        { date: '2025-10-01', value: 101 },
        { date: '2025-10-03', value: 104 },
      ],
    });
    expect(pairs.dates).toEqual(['2025-10-01', '2025-10-03']);
    expect(pairs.portfolio).toEqual([expect.closeTo(0.01, 12), expect.closeTo(1030 / 1010 - 1, 12)]);
    expect(pairs.benchmark).toEqual([expect.closeTo(0.01, 12), expect.closeTo(104 / 101 - 1, 12)]);
  });

  it('measures a model that started later from QQQ`s last close before its first day', () => {
    // QQQ from 09-30 (close 200); the model's first day is 10-01, from its starting value 1000.
    const bench = {
      startingValue: 190,
      values: [
        { date: '2025-09-30', value: 200 },
        { date: '2025-10-01', value: 210 },
      ],
    };
    const pairs = pairedReturns(series(1000, 1100), bench);
    expect(pairs.portfolio).toEqual([expect.closeTo(0.1, 12)]);
    expect(pairs.benchmark).toEqual([expect.closeTo(0.05, 12)]);
  });

  it('leaves out a return from a non-positive value', () => {
    // 1000 -> 0 is -100% (kept); 0 -> 10 has no defined return (left out).
    const pairs = pairedReturns(series(1000, 0, 10), series(100, 101, 102));
    expect(pairs).toEqual({
      dates: ['2025-10-01'],
      portfolio: [-1],
      benchmark: [expect.closeTo(0.01, 12)],
    });
  });
});
