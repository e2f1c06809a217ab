/**
 * The session returns two players are compared on. A player is one or more runs over the same
 * sessions (each its own chain from the starting cash); with more than one, it is compared as its
 * runs held together in equal parts, whose return on a session is the mean of the runs' growth that
 * session weighted by where each stood. With one run, that is the run itself.
 */
import type { PairedReturns, ValueSeries } from '../relative-metrics.js';
import { pairedReturns } from '../relative-metrics.js';

/**
 * The runs as one value series from 1: on each date every run has, the mean of their values over
 * their own starting values. A date some run lacks is left out, and the next return spans it.
 */
export function pooledRuns(runs: readonly ValueSeries[]): ValueSeries {
  if (runs.length === 1) return runs[0] as ValueSeries;
  const growthOn = new Map<string, number[]>();
  for (const run of runs) {
    for (const { date, value } of run.values) {
      const growth = run.startingValue > 0 ? value / run.startingValue : Number.NaN;
      const list = growthOn.get(date);
      if (list) list.push(growth);
      else growthOn.set(date, [growth]);
    }
  }
  const values = [...growthOn.entries()]
    .filter(([, list]) => list.length === runs.length && list.every(Number.isFinite))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, list]) => ({ date, value: list.reduce((s, g) => s + g, 0) / list.length }));
  return { startingValue: 1, values };
}

/**
 * Both series' returns over the same sessions (relative-metrics' pairedReturns), measured from the
 * later of their first dates, so neither's first return spans sessions the other was not there for.
 */
export function sessionPairs(a: ValueSeries, b: ValueSeries): { a: number[]; b: number[] } {
  const aFirst = a.values[0]?.date;
  const bFirst = b.values[0]?.date;
  if (aFirst !== undefined && bFirst !== undefined && bFirst > aFirst) {
    const flipped: PairedReturns = pairedReturns(b, a);
    return { a: flipped.benchmark, b: flipped.portfolio };
  }
  const pairs = pairedReturns(a, b);
  return { a: pairs.portfolio, b: pairs.benchmark };
}
