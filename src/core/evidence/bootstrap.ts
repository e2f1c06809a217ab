/**
 * 95 % intervals by the percentile bootstrap: resample what varies, recompute the figure, and read
 * the interval off the 2.5th and 97.5th percentiles of the recomputed figures (type-7 quantiles).
 *
 * Two sources of variation, chosen by how many runs a model has:
 *  - over runs (two runs or more): draw K of the K runs with replacement and average their figure.
 *    The interval is for the model's mean figure: how much it would move with other runs.
 *  - over sessions (one run): draw n of the run's n session returns with replacement and chain them
 *    into a new path from the same start: its period return, deepest drawdown and Sharpe. The
 *    interval is for this run's figures had its sessions come in another mix: it says how much of a
 *    single result is the luck of the days, not how another run of the model would do.
 */
import { deepestDrawdown, sharpeRatio, type RiskOptions } from '../metrics.js';
import { quantileSorted } from '../statistics.js';
import { EVIDENCE_SEED, seededDraw } from './random.js';

export const BOOTSTRAP_RESAMPLES = 10_000;
export const CONFIDENCE = 0.95;

export interface Interval {
  low: number;
  high: number;
}

export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
}

/** The central `confidence` share of the estimates; null without any. */
export function percentileInterval(estimates: readonly number[], confidence = CONFIDENCE): Interval | null {
  if (estimates.length === 0) return null;
  const sorted = [...estimates].sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  return { low: quantileSorted(sorted, tail), high: quantileSorted(sorted, 1 - tail) };
}

/** The interval of the mean of `values` (one per run), resampling runs; null below two runs. */
export function bootstrapMeanOverRuns(
  values: readonly number[],
  options: BootstrapOptions = {},
): Interval | null {
  const k = values.length;
  if (k < 2) return null;
  const draw = seededDraw(options.seed ?? EVIDENCE_SEED);
  const means: number[] = [];
  for (let b = 0; b < (options.resamples ?? BOOTSTRAP_RESAMPLES); b++) {
    let sum = 0;
    for (let i = 0; i < k; i++) sum += values[draw(k)] as number;
    means.push(sum / k);
  }
  return percentileInterval(means);
}

/** A single run's figures re-drawn from its own sessions. */
export interface SessionIntervals {
  periodReturnPct: Interval | null;
  maxDrawdownPct: Interval | null;
  /** Resampled paths whose returns did not vary have no Sharpe and are left out of this one. */
  sharpe: Interval | null;
}

/**
 * Intervals of one run's period return (%), max drawdown (%) and Sharpe from its session returns
 * (fractions, in session order); null intervals below two returns, where there is nothing to mix.
 */
export function bootstrapOverSessions(
  returns: readonly number[],
  options: BootstrapOptions & RiskOptions = {},
): SessionIntervals {
  const n = returns.length;
  if (n < 2) return { periodReturnPct: null, maxDrawdownPct: null, sharpe: null };
  const draw = seededDraw(options.seed ?? EVIDENCE_SEED);
  const periodReturns: number[] = [];
  const drawdowns: number[] = [];
  const sharpes: number[] = [];
  const drawn = new Array<number>(n);
  const path = new Array<number>(n);
  for (let b = 0; b < (options.resamples ?? BOOTSTRAP_RESAMPLES); b++) {
    let value = 1;
    for (let i = 0; i < n; i++) {
      const r = returns[draw(n)] as number;
      drawn[i] = r;
      value *= 1 + r;
      path[i] = value;
    }
    periodReturns.push((value - 1) * 100);
    drawdowns.push(deepestDrawdown(path, 1).pct);
    const sharpe = sharpeRatio(drawn, options);
    if (sharpe !== null) sharpes.push(sharpe);
  }
  return {
    periodReturnPct: percentileInterval(periodReturns),
    maxDrawdownPct: percentileInterval(drawdowns),
    sharpe: percentileInterval(sharpes),
  };
}
