import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/core/dates.js';
import { pairComparisons, playerEvidence } from '../../../src/core/evidence/model-evidence.js';
import { pooledRuns, sessionPairs } from '../../../src/core/evidence/session-pairs.js';
import type { ValueSeries } from '../../../src/core/relative-metrics.js';

/** A run from `start` whose closes are `values`, on consecutive dates from `from`. */
function run(start: number, values: number[], from = '2025-10-01'): ValueSeries {
  return { startingValue: start, values: values.map((value, i) => ({ date: addDays(from, i), value })) };
}

/** A run compounding the given session returns from 100. */
function fromReturns(returns: number[], from = '2025-10-01'): ValueSeries {
  let value = 100;
  return run(
    100,
    returns.map((r) => (value *= 1 + r)),
    from,
  );
}

describe('playerEvidence', () => {
  it('summarises two runs over runs: mean, median, spread and the interval of the mean', () => {
    // Run 1: 100 -> 101 -> 102 (+2 %); run 2: 100 -> 102 -> 104 (+4 %). Mean and median 3, sample
    // sd √((1² + 1²) / 1) = √2. A resample of two runs averages to 2 (1/4), 3 (1/2) or 4 (1/4): the
    // 2.5th and 97.5th percentiles are 2 and 4. Neither run fell: drawdown 0 throughout.
    const evidence = playerEvidence(
      { name: 'alpha', runs: [run(100, [101, 102]), run(100, [102, 104])] },
      null,
    );
    expect(evidence).toMatchObject({
      name: 'alpha',
      runs: 2,
      sessions: 2,
      intervalMethod: 'bootstrap over runs',
      periodReturnPct: {
        runs: 2,
        mean: expect.closeTo(3, 9),
        median: expect.closeTo(3, 9),
        sd: expect.closeTo(Math.SQRT2, 9),
        min: expect.closeTo(2, 9),
        max: expect.closeTo(4, 9),
        interval: { low: expect.closeTo(2, 9), high: expect.closeTo(4, 9) },
      },
      maxDrawdownPct: { runs: 2, mean: 0, sd: 0, interval: { low: 0, high: 0 } },
      vsBenchmark: null,
    });
  });

  it('draws a single run`s interval from its sessions, and says so', () => {
    // One run of +10 % then -10 %: the period return is 1.1 * 0.9 - 1 = -1 %; re-mixed sessions give
    // 21 %, -1 % or -19 % (see the bootstrap test), so the interval is [-19, 21].
    const evidence = playerEvidence({ name: 'solo', runs: [run(100, [110, 99])] }, null);
    expect(evidence.intervalMethod).toBe('bootstrap over sessions');
    expect(evidence.periodReturnPct).toMatchObject({
      runs: 1,
      mean: expect.closeTo(-1, 9),
      median: expect.closeTo(-1, 9),
      sd: null,
      interval: { low: expect.closeTo(-19, 9), high: expect.closeTo(21, 9) },
    });
    expect(evidence.maxDrawdownPct).toMatchObject({ mean: expect.closeTo(10, 9) });
  });

  it('tests the model against the benchmark on the sessions both have', () => {
    // Six sessions, the model 1 % above the benchmark every time: p = 2/64.
    const bench = [0.01, -0.02, 0.005, 0.0, 0.012, -0.004];
    const model = bench.map((r) => r + 0.01);
    const evidence = playerEvidence({ name: 'alpha', runs: [fromReturns(model)] }, fromReturns(bench));
    expect(evidence.vsBenchmark).toMatchObject({
      sessions: 6,
      pValue: 0.03125,
      verdict: 'distinguishable',
    });
    // The model's session return is the benchmark's plus 0.01, so every difference is 1 %.
    expect(evidence.vsBenchmark?.meanDifferencePct).toBeCloseTo(1, 9);
  });

  it('leaves a Sharpe out of a run that never varied', () => {
    const evidence = playerEvidence({ name: 'cash', runs: [run(100, [100, 100, 100])] }, null);
    expect(evidence.sharpe).toMatchObject({ runs: 0, mean: null, interval: null });
  });
});

describe('pairComparisons', () => {
  it('compares every pair once, the first named minus the second', () => {
    const base = [0.01, -0.02, 0.005, 0.0, 0.012, -0.004];
    const players = [
      { name: 'a', runs: [fromReturns(base.map((r) => r + 0.02))] },
      { name: 'b', runs: [fromReturns(base)] },
      { name: 'c', runs: [fromReturns(base.map((r, i) => r + (i % 2 === 0 ? 0.01 : -0.01)))] },
    ];
    const pairs = pairComparisons(players);
    expect(pairs.map((p) => [p.a, p.b])).toEqual([
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'c'],
    ]);
    // a - b = 2 % every session: p = 2/64. b - c = -1, +1, -1, +1, -1, +1 (%): sum 0, p = 1.
    expect(pairs[0]?.test).toMatchObject({ pValue: 0.03125, verdict: 'distinguishable' });
    expect(pairs[0]?.test.meanDifferencePct).toBeCloseTo(2, 9);
    expect(pairs[2]?.test).toMatchObject({ pValue: 1, verdict: 'not distinguishable' });
  });
});

describe('session pairing', () => {
  it('pools runs in equal parts on the dates every run has', () => {
    // Growth on 10-01: 110/100 and 180/200 -> (1.1 + 0.9) / 2 = 1; 10-02 only in the first run.
    const pooled = pooledRuns([run(100, [110, 120]), run(200, [180])]);
    expect(pooled).toEqual({
      startingValue: 1,
      values: [{ date: '2025-10-01', value: expect.closeTo(1, 12) }],
    });
    const single = run(100, [101]);
    expect(pooledRuns([single])).toBe(single);
  });

  it('measures from the later starter, so no first return spans sessions the other missed', () => {
    // a from 10-01: 100 -> 110 (10-01) -> 121 (10-02) -> 121 (10-03); b starts on 10-02 from 50.
    // From 10-02 on: a's base is its 10-01 close, 110: a returns 10 % then 0; b returns 10 % then -10 %.
    const a = run(100, [110, 121, 121]);
    const b = run(50, [55, 49.5], '2025-10-02');
    const pairs = sessionPairs(a, b);
    expect(pairs.a).toEqual([expect.closeTo(0.1, 12), 0]);
    expect(pairs.b).toEqual([expect.closeTo(0.1, 12), expect.closeTo(-0.1, 12)]);
  });
});
