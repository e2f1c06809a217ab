/** The leaderboard's parts: models ranked by return, and QQQ bought and held over the same dates. */
import { fromTicks, toTicks } from '../core/ledger/money.js';
import { periodMetrics, riskMetrics } from '../core/metrics.js';
import { relativeMetrics, type ValueSeries } from '../core/relative-metrics.js';
import type { ResultsStore } from './results-store.js';
import { compareText } from './stored-days.js';
import {
  BENCHMARK_LABEL,
  BENCHMARK_SYMBOL,
  type Benchmark,
  type LeaderboardEntry,
  type ModelRangeResult,
} from './results-types.js';

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
 * QQQ's closes from `start` to `end`, starting from the price it is bought at: the last close
 * before `start` or, with no earlier bar, the first open in range. One share's worth, so the series
 * serves both the benchmark row (scaled to a stake) and the models' alpha and beta (returns only).
 * Null without prices to do that.
 */
export async function loadBenchmark(
  store: ResultsStore,
  start: string,
  end: string,
): Promise<ValueSeries | null> {
  const [bars, before] = await Promise.all([
    store.benchmarkBars(BENCHMARK_SYMBOL, start, end),
    store.closeBefore(BENCHMARK_SYMBOL, start),
  ]);
  const firstBar = bars[0];
  if (firstBar === undefined) return null;
  const entryPrice = before?.close ?? firstBar.open;
  if (!(entryPrice > 0)) return null;
  return { startingValue: entryPrice, values: bars.map((b) => ({ date: b.date, value: b.close })) };
}

/** `stake` put into QQQ at the series' entry price and held; valued at each close. */
export function benchmarkHolding(prices: ValueSeries, stake: number): Benchmark {
  const values = prices.values.map((p) => ({
    date: p.date,
    value: fromTicks(toTicks((stake * p.value) / prices.startingValue)),
  }));
  const period = periodMetrics(values, stake);
  const risk = riskMetrics(values, stake);
  // Measured against itself, as each model is against it: beta 1 and alpha 0 whenever a model's
  // could be computed over the same days.
  const relative = relativeMetrics({ startingValue: stake, values }, { startingValue: stake, values });
  return {
    label: BENCHMARK_LABEL,
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
