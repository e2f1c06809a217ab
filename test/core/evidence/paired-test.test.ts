import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EXACT_MAX_SESSIONS,
  MIN_SESSIONS,
  pairedTest,
  PERMUTATION_RESAMPLES,
  verdictOf,
} from '../../../src/core/evidence/paired-test.js';

const zeros = (n: number): number[] => new Array<number>(n).fill(0);

describe('pairedTest: the paired sign-flip permutation test', () => {
  it('counts every sign pattern of three sessions, worked by hand', () => {
    // d = x - y = [0.02, 0.01, -0.01]; observed |sum| = 0.02. The 8 patterns (signs of d1 d2 d3):
    //   +++ 0.02   ++- 0.04   +-+ 0.00   +-- 0.02
    //   -++ -0.02  -+- 0.00   --+ -0.04  --- -0.02
    // Six reach |0.02|: p = 6/8 = 0.75.
    // t: mean 0.02/3, sample variance ((0.04/3)² + (0.01/3)² + (0.05/3)²) / 2 = 0.0042/18 = 7/30000,
    // so t² = 3 (0.02/3)² / (7/30000) = 4/7 and t = 2/√7 = 0.755929.
    // Student's t with 2 degrees of freedom has F(t) = 1/2 + t / (2√(2 + t²)), so the two-sided
    // p-value is 1 - t/√(2 + t²) = 1 - (2/√7)/√(18/7) = 1 - 2/√18 = 0.528595.
    const test = pairedTest([0.02, 0.01, -0.01], zeros(3));
    expect(test).toEqual({
      method: 'paired sign-flip permutation test',
      exact: true,
      resamples: null,
      sessions: 3,
      meanDifferencePct: expect.closeTo(2 / 3, 12),
      t: expect.closeTo(2 / Math.sqrt(7), 12),
      pValue: 0.75,
      tPValue: expect.closeTo(1 - 2 / Math.sqrt(18), 9),
      // Three sessions can never reach 0.05: the smallest p they allow is 2/8.
      verdict: 'too few sessions',
    });
  });

  it('tells six sessions that all went one way from chance: p = 2/64', () => {
    // d = 1%, 2%, ..., 6%: only the observed pattern and its mirror reach |sum| = 21%, so
    // p = 2/2^6 = 0.03125 <= 0.05.
    // t = mean / (sd/√6) = 0.035 / (0.0187083/2.44949) = 4.58258; a t table with 5 degrees of freedom
    // puts 4.032 at two-sided 0.01 and 4.773 at 0.005, so Student's p lies between them.
    const d = [0.01, 0.02, 0.03, 0.04, 0.05, 0.06];
    const test = pairedTest(d, zeros(6));
    expect(test.pValue).toBe(0.03125);
    expect(test.t).toBeCloseTo(4.58258, 5);
    expect(test.tPValue).toBeGreaterThan(0.005);
    expect(test.tPValue).toBeLessThan(0.01);
    expect(test.verdict).toBe('distinguishable');
    // The same sessions the other way round: the same p, the difference negative.
    const reversed = pairedTest(zeros(6), d);
    expect(reversed.pValue).toBe(0.03125);
    expect(reversed.meanDifferencePct).toBeCloseTo(-3.5, 12);
  });

  it('says plainly that five sessions are too few, however one-sided they are', () => {
    // Five positive differences: p = 2/2^5 = 0.0625, the best five sessions can do.
    const test = pairedTest([0.01, 0.02, 0.03, 0.04, 0.05], zeros(5));
    expect(test.pValue).toBe(0.0625);
    expect(test.verdict).toBe('too few sessions');
    expect(MIN_SESSIONS).toBe(6);
  });

  it('finds nothing between series that cancel out: p = 1', () => {
    // d = +1 -1 +1 -1 +1 -1 (%): the observed sum is 0, which every pattern reaches.
    const test = pairedTest([0.01, -0.01, 0.01, -0.01, 0.01, -0.01], zeros(6));
    expect(test.pValue).toBe(1);
    expect(test.t).toBe(0);
    expect(test.tPValue).toBeCloseTo(1, 12);
    expect(test.verdict).toBe('not distinguishable');
  });

  it('has no t where the differences did not vary, and no p without sessions', () => {
    const flat = pairedTest(new Array<number>(6).fill(0.01), zeros(6));
    expect(flat.t).toBeNull();
    expect(flat.tPValue).toBeNull();
    expect(flat.pValue).toBe(0.03125);
    expect(pairedTest([], [])).toMatchObject({ sessions: 0, pValue: null, meanDifferencePct: null });
    expect(() => pairedTest([0.01], [])).toThrow(RangeError);
  });

  it('counts every pattern of a month of sessions exactly, half against half', () => {
    // 20 equal positive differences: of the 2^20 patterns only all-plus and all-minus reach the
    // observed sum, so p = 2 / 2^20 exactly. 20 that cancel: every pattern reaches 0, p = 1.
    const allUp = pairedTest(new Array<number>(20).fill(0.01), zeros(20));
    expect(allUp).toMatchObject({ exact: true, resamples: null, sessions: 20, pValue: 2 / 2 ** 20 });
    const cancelling = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 0.01 : -0.01));
    expect(pairedTest(cancelling, zeros(20)).pValue).toBe(1);
    // d = 1, 2, ..., 7 and -8 (%): S = |28 - 8| = 20. Flip a set F of the positives (sum f):
    //   keeping -8: the sum is 20 - 2f, reaching 20 when f = 0 or f >= 20;
    //   flipping -8: the sum is 36 - 2f, reaching 20 when f <= 8 or f = 28.
    // Subsets of {1..7} with sum <= 8: 1 (empty) + 7 (singles) + 12 (pairs: 6 with 1, 4 with 2, 2
    // with 3) + 4 (123, 124, 125, 134) = 24; by f <-> 28 - f, as many have f >= 20. So the hits are
    // (1 + 24) + (24 + 1) = 50 of 2^8 = 256 patterns: p = 50/256 = 0.1953125.
    const mixed = [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, -0.08];
    expect(pairedTest(mixed, zeros(8)).pValue).toBe(50 / 256);
  });

  it('agrees with listing every pattern one by one, ties included', () => {
    // The plain definition, pattern by pattern, on small whole-percent differences (ties abound).
    const listed = (d: number[]): number => {
      const observed = Math.abs(d.reduce((a, b) => a + b, 0));
      let hits = 0;
      for (let mask = 0; mask < 2 ** d.length; mask++) {
        const sum = d.reduce((a, di, i) => a + (mask & (1 << i) ? -di : di), 0);
        if (Math.abs(sum) >= observed - 1e-9) hits++;
      }
      return hits / 2 ** d.length;
    };
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 12 }), (ints) => {
        const d = ints.map((i) => i / 100);
        expect(pairedTest(d, zeros(d.length)).pValue).toBe(listed(d));
      }),
      { seed: 20, numRuns: 200 },
    );
  });

  it('samples seeded sign patterns beyond 32 sessions, and gives the same p every time', () => {
    // 33 equal differences: only the two all-same patterns reach the observed sum, each drawn with
    // chance 2^-33, so 10,000 seeded draws hit none and p = (1 + 0) / (1 + 10,000).
    const oneSided = pairedTest(new Array<number>(EXACT_MAX_SESSIONS + 1).fill(0.01), zeros(33));
    expect(oneSided).toMatchObject({ exact: false, resamples: PERMUTATION_RESAMPLES, sessions: 33 });
    expect(oneSided.pValue).toBe(1 / 10_001);
    // 40 differences summing to 0: every draw reaches it, p = (1 + 10,000) / (1 + 10,000).
    const cancelling = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 0.01 : -0.01));
    expect(pairedTest(cancelling, zeros(40)).pValue).toBe(1);
    // Seeded: a mixed series gives one p-value, whichever call asks.
    const mixed = Array.from({ length: 40 }, (_, i) => Math.sin(i + 1) / 100 + 0.002);
    const first = pairedTest(mixed, zeros(40));
    expect(pairedTest(mixed, zeros(40))).toEqual(first);
    expect(first.pValue).toBeGreaterThan(0);
    expect(first.pValue).toBeLessThan(1);
  });

  it('rules distinguishable at p <= 0.05 from six sessions on', () => {
    expect(verdictOf(6, 0.05)).toBe('distinguishable');
    expect(verdictOf(6, 0.0501)).toBe('not distinguishable');
    expect(verdictOf(5, 0.001)).toBe('too few sessions');
    expect(verdictOf(10, null)).toBe('too few sessions');
  });
});
