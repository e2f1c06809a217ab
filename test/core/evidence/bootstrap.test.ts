import { describe, expect, it } from 'vitest';
import {
  bootstrapMeanOverRuns,
  bootstrapOverSessions,
  percentileInterval,
} from '../../../src/core/evidence/bootstrap.js';
import { median, quantileSorted } from '../../../src/core/statistics.js';

describe('quantiles (type 7)', () => {
  it('interpolates between order statistics', () => {
    // h = (4 - 1) * 0.25 = 0.75: 1 + 0.75 * (2 - 1) = 1.75.
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileSorted([5], 0.975)).toBe(5);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('reads a 95 % interval off the 2.5th and 97.5th percentiles', () => {
    // 0..100: h = 100 * 0.025 = 2.5 -> 2.5; h = 97.5 -> 97.5.
    const values = Array.from({ length: 101 }, (_, i) => 100 - i);
    // (1 - 0.95) / 2 is 0.025 give or take a float's last bit.
    expect(percentileInterval(values)).toEqual({
      low: expect.closeTo(2.5, 12),
      high: expect.closeTo(97.5, 12),
    });
    expect(percentileInterval([])).toBeNull();
  });
});

describe('bootstrap over runs', () => {
  it('gives the interval of the mean of four runs, worked by hand', () => {
    // Runs returned 0, 0, 0 and 12 %. A resample of four runs holds k twelves, k ~ Binomial(4, 1/4),
    // and its mean is 3k: P(0) = 81/256, P(3) = 108/256, P(6) = 54/256, P(9) = 12/256, P(12) = 1/256.
    // Cumulative: 0.316, 0.738, 0.949, 0.996, 1. The 2.5th percentile lies in the first block (0),
    // the 97.5th between 0.949 and 0.996 (9); 10,000 resamples sit far from either edge.
    expect(bootstrapMeanOverRuns([0, 0, 0, 12])).toEqual({ low: 0, high: 9 });
  });

  it('needs two runs', () => {
    expect(bootstrapMeanOverRuns([3])).toBeNull();
  });

  it('is seeded: the same runs give the same interval, another seed may not', () => {
    const runs = [1.2, -0.4, 3.3, 0.8, 2.1];
    const interval = bootstrapMeanOverRuns(runs);
    expect(bootstrapMeanOverRuns(runs)).toEqual(interval);
    expect(interval?.low).toBeGreaterThan(-0.4);
    expect(interval?.high).toBeLessThan(3.3);
  });
});

describe('bootstrap over sessions (one run)', () => {
  it('re-mixes two sessions of +10 % and -10 %, worked by hand', () => {
    // Two draws from {+10 %, -10 %}: ++ (1/4), +- or -+ (1/2), -- (1/4).
    //   period return: 1.1² - 1 = 21 %; 1.1 * 0.9 - 1 = -1 %; 0.9² - 1 = -19 %  -> [-19, 21]
    //   drawdown: ++ none (0); +- 1.1 -> 0.99 is 10 %; -+ 1 -> 0.9 is 10 %; -- 1 -> 0.81 is 19 %  -> [0, 19]
    //   Sharpe: ++ and -- do not vary (none); +- and -+ have mean 0, so 0  -> [0, 0]
    // Each end block holds a quarter of 10,000 resamples, far more than the 250 the tails need.
    const intervals = bootstrapOverSessions([0.1, -0.1]);
    expect(intervals.periodReturnPct?.low).toBeCloseTo(-19, 9);
    expect(intervals.periodReturnPct?.high).toBeCloseTo(21, 9);
    expect(intervals.maxDrawdownPct?.low).toBe(0);
    expect(intervals.maxDrawdownPct?.high).toBeCloseTo(19, 9);
    expect(intervals.sharpe).toEqual({ low: 0, high: 0 });
  });

  it('has nothing to mix below two sessions', () => {
    expect(bootstrapOverSessions([0.05])).toEqual({
      periodReturnPct: null,
      maxDrawdownPct: null,
      sharpe: null,
    });
  });

  it('brackets the run between its worst and best possible mixes', () => {
    const returns = [0.01, -0.02, 0.015, 0.003, -0.007, 0.02, -0.004, 0.008];
    const { periodReturnPct } = bootstrapOverSessions(returns);
    // All draws the worst day: 0.98^8 - 1 = -14.9 %; all the best: 1.02^8 - 1 = 17.2 %.
    expect(periodReturnPct?.low).toBeGreaterThan(-14.9);
    expect(periodReturnPct?.high).toBeLessThan(17.2);
    expect(periodReturnPct?.low).toBeLessThan(periodReturnPct?.high ?? Number.NaN);
    expect(bootstrapOverSessions(returns)).toEqual(bootstrapOverSessions(returns));
  });
});
