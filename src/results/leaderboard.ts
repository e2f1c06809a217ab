/**
 * The leaderboard's parts: models ranked by return, and the market's benchmark (QQQ, the SSE-50
 * index, CD5) bought and held over the same dates.
 */
import { compareText } from '../core/dates.js';
import { benchmarkSeries } from '../core/benchmark.js';
import { fromTicks, toTicks } from '../core/ledger/money.js';
import { benchmarkSymbols, type BenchmarkSpec, type Market } from '../core/markets/market.js';
import { periodMetrics, riskMetrics } from '../core/metrics.js';
import { relativeMetrics, type ValueSeries } from '../core/relative-metrics.js';
import type { ResultsStore } from './results-store.js';
import type { Benchmark, LeaderboardEntry, ModelRangeResult } from './results-types.js';

/** Best period return first; equal returns by model name. */
export function rankModels(ranges: readonly ModelRangeResult[]): LeaderboardEntry[] {
  return ranges
    .map((r): LeaderboardEntry => ({
      model: r.model,
      startingValue: r.periodMetrics.startingValue,
      endingValue: r.periodMetrics.endingValue,
      periodReturnPct: r.periodMetrics.periodReturnPct,
      trades: r.totals.trades,
      turnover: r.turnover,
      promptTokens: r.totals.promptTokens,
      completionTokens: r.totals.completionTokens,
      costUsd: r.totals.costUsd,
      maxDrawdownPct: r.riskMetrics.maxDrawdownPct,
      maxDrawdownStart: r.riskMetrics.maxDrawdownStart,
      maxDrawdownEnd: r.riskMetrics.maxDrawdownEnd,
      sharpe: r.riskMetrics.sharpe,
      calmar: r.riskMetrics.calmar,
      alphaPct: r.benchmarkRelative.alphaPct,
      beta: r.benchmarkRelative.beta,
      supersededDates: r.supersededDates,
    }))
    .sort((a, b) => b.periodReturnPct - a.periodReturnPct || compareText(a.model, b.model));
}

/**
 * The models' average start, so the benchmark's value reads on their scale (it is their common
 * start whenever they all began together with the same cash). Whole ticks, as all money.
 */
export function benchmarkStake(entries: readonly LeaderboardEntry[]): number {
  const total = entries.reduce((sum, e) => sum + e.startingValue, 0);
  return fromTicks(toTicks(entries.length === 0 ? 0 : total / entries.length));
}

/**
 * The market's benchmark from `start` to `end` as a value series (core/benchmark.ts): an instrument
 * from its last close before `start` (else its first open in range), one share's worth; a basket
 * from one unit of cash at the first open on which all its symbols trade. Either way the series
 * serves both the benchmark row (scaled to a stake) and the models' alpha and beta (returns only).
 * Null without prices to do that.
 */
export async function loadBenchmark(
  store: ResultsStore,
  spec: BenchmarkSpec,
  start: string,
  end: string,
): Promise<ValueSeries | null> {
  const symbols = benchmarkSymbols(spec);
  const [bars, closesBefore] = await Promise.all([
    store.benchmarkBars(symbols, start, end),
    // A basket is bought at an open inside the period: what its coins closed at before is not asked.
    spec.kind === 'symbol' ? store.closesBefore(symbols, start) : new Map<string, number>(),
  ]);
  return benchmarkSeries(spec, { bars, closesBefore });
}

/** How results name the benchmark alpha and beta are measured against: its symbol, or a basket's label. */
export function benchmarkName(spec: BenchmarkSpec): string {
  return spec.kind === 'symbol' ? spec.symbol : spec.label;
}

/** The benchmark's leaderboard row name: `QQQ (benchmark)`, as the original's clients read it. */
export function benchmarkRowLabel(spec: BenchmarkSpec): string {
  return `${spec.label} (benchmark)`;
}

/**
 * `stake` put into the market's benchmark at the series' entry price and held; valued at each
 * close, its risk annualised by the market's year.
 */
export function benchmarkHolding(market: Market, prices: ValueSeries, stake: number): Benchmark {
  const values = prices.values.map((p) => ({
    date: p.date,
    value: fromTicks(toTicks((stake * p.value) / prices.startingValue)),
  }));
  const year = { periodsPerYear: market.periodsPerYear };
  const period = periodMetrics(values, stake);
  const risk = riskMetrics(values, stake, year);
  // Measured against itself, as each model is against it: beta 1 and alpha 0 whenever a model's
  // could be computed over the same days.
  const relative = relativeMetrics({ startingValue: stake, values }, { startingValue: stake, values }, year);
  return {
    label: benchmarkRowLabel(market.benchmark),
    startingValue: stake,
    endingValue: period.endingValue,
    periodReturnPct: period.periodReturnPct,
    maxDrawdownPct: risk.maxDrawdownPct,
    maxDrawdownStart: risk.maxDrawdownStart,
    maxDrawdownEnd: risk.maxDrawdownEnd,
    sharpe: risk.sharpe,
    calmar: risk.calmar,
    alphaPct: relative.alphaPct,
    beta: relative.beta,
  };
}
