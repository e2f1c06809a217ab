/** The leaderboard's parts: models ranked by return, and QQQ bought and held over the same dates. */
import { fromTicks, toTicks } from '../core/ledger/money.js';
import { periodMetrics, riskMetrics } from '../core/metrics.js';
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
      costUsd: r.totals.costUsd,
      maxDrawdownPct: r.riskMetrics.maxDrawdownPct,
      sharpe: r.riskMetrics.sharpe,
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
 * `stake` bought QQQ at the last close before `start` (or, with no earlier bar, at the first open
 * in range) and held it; valued at each close in range. Null without prices to do that.
 */
export async function benchmarkOver(
  store: ResultsStore,
  start: string,
  end: string,
  stake: number,
): Promise<Benchmark | null> {
  const [bars, before] = await Promise.all([
    store.benchmarkBars(BENCHMARK_SYMBOL, start, end),
    store.closeBefore(BENCHMARK_SYMBOL, start),
  ]);
  const firstBar = bars[0];
  if (firstBar === undefined) return null;
  const entryPrice = before?.close ?? firstBar.open;
  if (!(entryPrice > 0)) return null;
  const values = bars.map((b) => ({
    date: b.date,
    value: fromTicks(toTicks((stake * b.close) / entryPrice)),
  }));
  const period = periodMetrics(values, stake);
  const risk = riskMetrics(values, stake);
  return {
    label: BENCHMARK_LABEL,
    startingValue: stake,
    endingValue: period.endingValue,
    periodReturnPct: period.periodReturnPct,
    maxDrawdownPct: risk.maxDrawdownPct,
    sharpe: risk.sharpe,
  };
}
