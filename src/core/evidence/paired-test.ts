/**
 * Is one series of session returns different from another, sessions paired? The differences
 * d_i = x_i - y_i of the n sessions both have are tested for a mean of zero by a paired sign-flip
 * permutation test (Fisher's randomisation test for paired data):
 *
 *   S = |Σ d_i|;  p = share of the 2^n sign patterns s with |Σ s_i d_i| >= S.
 *
 * Under "no difference" each session's difference is as likely to have come out with the other
 * sign, so every pattern is equally likely: the p-value is exact, and needs neither normal returns
 * nor a large n, which daily returns over a month do not give. Up to EXACT_MAX_SESSIONS sessions
 * (a month of any market) every pattern is counted; beyond, PERMUTATION_RESAMPLES seeded random
 * patterns are, and p = (1 + hits) / (1 + resamples), which never claims a zero p-value.
 *
 * For a fixed Σ d_i² the paired t statistic t = mean(d) / (sd(d) / √n) grows with |Σ d_i|, so the
 * test orders patterns as a permutation t-test would; t and its Student p-value (n - 1 degrees of
 * freedom) are reported beside it as the familiar reference, the verdict resting on the exact one.
 */
import studentTCdf from '@stdlib/stats-base-dists-t-cdf';
import { mean, NOISE, sampleStdDev } from '../statistics.js';
import { EVIDENCE_SEED, seededWords } from './random.js';

export const SIGNIFICANCE = 0.05;
export const EXACT_MAX_SESSIONS = 32;
export const PERMUTATION_RESAMPLES = 10_000;
/**
 * With n sessions the smallest two-sided p-value a sign-flip test can give is 2 / 2^n: 0.0625 at 5,
 * 0.03125 at 6. Below 6 no difference, however large, could be told from chance at 0.05.
 */
export const MIN_SESSIONS = 6;

export const PAIRED_TEST_METHOD = 'paired sign-flip permutation test';

export type Verdict = 'distinguishable' | 'not distinguishable' | 'too few sessions';

export interface PairedTest {
  method: typeof PAIRED_TEST_METHOD;
  /** Every sign pattern counted (true), or PERMUTATION_RESAMPLES sampled ones. */
  exact: boolean;
  /** The patterns counted when sampled; null when exact. */
  resamples: number | null;
  /** Paired sessions, n. */
  sessions: number;
  /** mean(d) in percent: how much more the first returned per session, on average. */
  meanDifferencePct: number | null;
  /** The paired t statistic; null below two sessions or when the differences did not vary. */
  t: number | null;
  /** The permutation p-value (two-sided); null without sessions. */
  pValue: number | null;
  /** Student's t p-value (two-sided, n - 1 degrees of freedom), for reference. */
  tPValue: number | null;
  /** At SIGNIFICANCE on pValue; "too few sessions" below MIN_SESSIONS whatever the p-value. */
  verdict: Verdict;
}

export interface PairedTestOptions {
  seed?: number;
  resamples?: number;
}

/** Tests paired returns (fractions, x_i and y_i of the same session); the lists must be equally long. */
export function pairedTest(
  x: readonly number[],
  y: readonly number[],
  options: PairedTestOptions = {},
): PairedTest {
  if (x.length !== y.length)
    throw new RangeError(`paired lists differ in length: ${x.length} vs ${y.length}`);
  const d = x.map((xi, i) => xi - (y[i] as number));
  const n = d.length;
  const exact = n <= EXACT_MAX_SESSIONS;
  const resamples = options.resamples ?? PERMUTATION_RESAMPLES;
  const pValue = n === 0 ? null : exact ? exactSignFlipP(d) : sampledSignFlipP(d, resamples, options.seed);
  const t = pairedT(d);
  return {
    method: PAIRED_TEST_METHOD,
    exact,
    resamples: exact ? null : resamples,
    sessions: n,
    meanDifferencePct: n === 0 ? null : mean(d) * 100,
    t,
    pValue,
    tPValue: t === null ? null : 2 * studentTCdf(-Math.abs(t), n - 1),
    verdict: verdictOf(n, pValue),
  };
}

export function verdictOf(sessions: number, pValue: number | null): Verdict {
  if (sessions < MIN_SESSIONS || pValue === null) return 'too few sessions';
  return pValue <= SIGNIFICANCE ? 'distinguishable' : 'not distinguishable';
}

function pairedT(d: readonly number[]): number | null {
  if (d.length < 2) return null;
  const avg = mean(d);
  const sd = sampleStdDev(d, avg);
  return sd > NOISE ? avg / (sd / Math.sqrt(d.length)) : null;
}

/**
 * The observed |Σ d_i|, and how close to it a pattern's |sum| may fall and still count as reaching
 * it: sums of the same numbers in another order differ in the last bits, and an exact tie must not
 * be missed for that.
 */
function observedSum(d: readonly number[]): { observed: number; tolerance: number } {
  return {
    observed: Math.abs(d.reduce((s, x) => s + x, 0)),
    tolerance: 1e-12 * d.reduce((s, x) => s + Math.abs(x), 0),
  };
}

/**
 * Counts every pattern without listing all 2^n: the sums of the first half's patterns are paired
 * with the sorted sums of the second half's, and for each first-half sum a the second-half sums b
 * with |a + b| >= S are counted by binary search. 2^32 patterns cost two lists of 2^16.
 */
function exactSignFlipP(d: readonly number[]): number {
  const { observed, tolerance } = observedSum(d);
  if (observed <= tolerance) return 1;
  const half = Math.floor(d.length / 2);
  const left = patternSums(d.slice(0, half));
  const right = patternSums(d.slice(half)).sort();
  const reach = observed - tolerance;
  let hits = 0;
  for (const a of left) {
    // b >= reach - a, or b <= -reach - a: two disjoint runs at the ends of the sorted sums.
    hits += right.length - firstAtLeast(right, reach - a);
    hits += firstAbove(right, -reach - a);
  }
  return hits / (left.length * right.length);
}

/** Σ s_i d_i for every sign pattern s (bit i set: s_i = -1). */
function patternSums(d: readonly number[]): Float64Array {
  const sums = new Float64Array(2 ** d.length);
  for (let mask = 0; mask < sums.length; mask++) {
    let sum = 0;
    for (let i = 0; i < d.length; i++) sum += mask & (1 << i) ? -(d[i] as number) : (d[i] as number);
    sums[mask] = sum;
  }
  return sums;
}

/** The index of the first sorted value >= x (the length when none is). */
function firstAtLeast(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the first sorted value > x: how many are <= x. */
function firstAbove(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sampledSignFlipP(d: readonly number[], resamples: number, seed = EVIDENCE_SEED): number {
  const { observed, tolerance } = observedSum(d);
  const nextWord = seededWords(seed);
  let hits = 0;
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    let word = 0;
    for (let i = 0; i < d.length; i++) {
      if ((i & 31) === 0) word = nextWord();
      sum += (word >>> (i & 31)) & 1 ? (d[i] as number) : -(d[i] as number);
    }
    if (Math.abs(sum) >= observed - tolerance) hits++;
  }
  return (1 + hits) / (1 + resamples);
}
