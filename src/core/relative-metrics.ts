/**
 * A portfolio measured against a benchmark (the leaderboard's QQQ): beta and Jensen's alpha from
 * daily returns. Pure, like the rest of the metrics.
 *
 *   beta  = cov(r_p, r_b) / var(r_b)
 *   alpha = (mean(r_p - rf) - beta * mean(r_b - rf)) * P * 100     (percent a year)
 *
 * over the days both have a return (see pairedReturns), rf being the daily risk-free rate. Covariance
 * and variance are both the sample (n - 1) forms; their factors cancel, so that choice cannot move
 * beta. Alpha is Jensen's daily alpha annualised arithmetically (times P, the market's periods a
 * year: 252 trading days for stocks, 365 for crypto). Both need two paired days and a benchmark that moved; otherwise they are null.
 */
import { periodsPerYear, type RiskOptions, type ValuePoint } from './metrics.js';
import { mean, NOISE, sampleCovariance } from './statistics.js';

export interface RelativeMetrics {
  /** Jensen's alpha in percent a year; null when beta is. */
  alphaPct: number | null;
  beta: number | null;
  /** How many daily returns of each went into them. */
  pairedDays: number;
}

/** A value series with the value its first return is measured against, as riskMetrics takes it. */
export interface ValueSeries {
  startingValue: number;
  values: readonly ValuePoint[];
}

export interface PairedReturns {
  dates: string[];
  portfolio: number[];
  benchmark: number[];
}

/**
 * Both series' daily returns over the same intervals: between consecutive dates that both have a
 * value, the first from the moment before the portfolio's first date. There the portfolio stands at
 * its starting value (the close before its first date) and the benchmark at its last value before
 * that date, or its own starting value when it has none earlier. A date only one of them has (a day
 * the model skipped, a missing bar) is left out and the next return spans it on both sides, so the
 * two returns of a pair always cover the same days. A return from a non-positive value is undefined
 * and left out.
 */
export function pairedReturns(portfolio: ValueSeries, benchmark: ValueSeries): PairedReturns {
  const pairs: PairedReturns = { dates: [], portfolio: [], benchmark: [] };
  const first = portfolio.values[0];
  if (first === undefined) return pairs;
  let benchmarkBase = benchmark.startingValue;
  const benchmarkOn = new Map<string, number>();
  for (const { date, value } of benchmark.values) {
    if (date < first.date) benchmarkBase = value;
    else benchmarkOn.set(date, value);
  }
  let portfolioBase = portfolio.startingValue;
  for (const { date, value } of portfolio.values) {
    const benchmarkValue = benchmarkOn.get(date);
    if (benchmarkValue === undefined) continue;
    if (portfolioBase > 0 && benchmarkBase > 0) {
      pairs.dates.push(date);
      pairs.portfolio.push(value / portfolioBase - 1);
      pairs.benchmark.push(benchmarkValue / benchmarkBase - 1);
    }
    portfolioBase = value;
    benchmarkBase = benchmarkValue;
  }
  return pairs;
}

/** Beta and alpha of `portfolio` against `benchmark`; all null without a benchmark. */
export function relativeMetrics(
  portfolio: ValueSeries,
  benchmark: ValueSeries | null,
  options: RiskOptions = {},
): RelativeMetrics {
  if (benchmark === null) return { alphaPct: null, beta: null, pairedDays: 0 };
  const { portfolio: rp, benchmark: rb } = pairedReturns(portfolio, benchmark);
  const pairedDays = rp.length;
  if (pairedDays < 2) return { alphaPct: null, beta: null, pairedDays };
  const meanP = mean(rp);
  const meanB = mean(rb);
  const varianceB = sampleCovariance(rb, rb, meanB, meanB);
  // A benchmark that did not move explains nothing: beta would divide by rounding residue.
  if (!(Math.sqrt(varianceB) > NOISE)) return { alphaPct: null, beta: null, pairedDays };
  const beta = sampleCovariance(rp, rb, meanP, meanB) / varianceB;
  const year = periodsPerYear(options);
  const dailyRiskFree = (options.riskFreeRatePct ?? 0) / 100 / year;
  const dailyAlpha = meanP - dailyRiskFree - beta * (meanB - dailyRiskFree);
  return { alphaPct: dailyAlpha * year * 100, beta, pairedDays };
}
