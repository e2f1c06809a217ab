/** Range mode: each model's days over the window, as a value series with its metrics and totals. */
import { compareText } from '../core/dates.js';
import { fromTicks, toTicks } from '../core/ledger/money.js';
import type { Market } from '../core/markets/market.js';
import { periodMetrics, riskMetrics, type ValuePoint } from '../core/metrics.js';
import { relativeMetrics, type ValueSeries } from '../core/relative-metrics.js';
import { turnover } from '../core/turnover.js';
import type { ResultsStore, StoredDay, StoredMessage } from './results-store.js';
import type { ModelRangeResult, RangeReasoning, ReasoningLevel } from './results-types.js';
import { groupByDay, reasoningMessage, sumUsage, usageOf } from './stored-days.js';

/**
 * One result per model, models in code-point order, all of `market` (whose year annualises the
 * risk figures). `benchmark` is the market's over the days' dates (see loadBenchmark), which alpha
 * and beta are measured against; null leaves them null.
 */
export async function rangeResults(
  store: ResultsStore,
  market: Market,
  days: readonly StoredDay[],
  reasoning: ReasoningLevel,
  benchmark: ValueSeries | null,
): Promise<ModelRangeResult[]> {
  const year = { periodsPerYear: market.periodsPerYear };
  const ids = days.map((d) => d.id);
  const [usage, notional, messages] = await Promise.all([
    store.usageTotals(ids),
    store.tradedNotional(ids),
    reasoning === 'full' ? store.reasoningFor(ids) : Promise.resolve([]),
  ]);
  const messagesByDay = groupByDay(messages);
  const byModel = new Map<string, StoredDay[]>();
  for (const day of days) {
    const group = byModel.get(day.model);
    if (group) group.push(day);
    else byModel.set(day.model, [day]);
  }

  return [...byModel.keys()].sort(compareText).map((model) => {
    // Non-empty by construction; dates ascending because `modelDays` orders by date first.
    const modelDays = byModel.get(model) ?? [];
    const first = modelDays[0] as StoredDay;
    const last = modelDays.at(-1) as StoredDay;
    const values: ValuePoint[] = modelDays.map((d) => ({ date: d.date, value: d.endingValue }));
    // The base is what the first day's profit was measured against (the close of the day it started
    // from, or the initial cash), not its value at the open: that way the period return is exactly
    // the chain of the daily returns. Subtracted in ticks so 10067.01 - 67.01 is exactly 10000.
    const base = fromTicks(toTicks(first.endingValue) - toTicks(first.dailyProfit));
    // Summed in ticks, as money is, so many fills add up without float residue.
    const tradedNotional = fromTicks(
      modelDays.reduce((ticks, d) => ticks + toTicks(notional.get(d.id) ?? 0), 0),
    );
    return {
      model,
      startDate: first.date,
      endDate: last.date,
      dailyValues: values,
      periodMetrics: periodMetrics(values, base),
      riskMetrics: riskMetrics(values, base, year),
      benchmarkRelative: relativeMetrics({ startingValue: base, values }, benchmark, year),
      turnover: turnover(tradedNotional, values),
      totals: {
        trades: modelDays.reduce((n, d) => n + d.totalActions, 0),
        tradedNotional,
        ...sumUsage(modelDays.map((d) => usageOf(usage.get(d.id)))),
      },
      reasoning: rangeReasoning(reasoning, modelDays, messagesByDay),
      supersededDates: modelDays.filter((d) => d.supersededAt !== null).map((d) => d.date),
    };
  });
}

function rangeReasoning(
  level: ReasoningLevel,
  days: readonly StoredDay[],
  messagesByDay: ReadonlyMap<number, StoredMessage[]>,
): RangeReasoning {
  if (level === 'summary') return { level, days: days.map((d) => ({ date: d.date, summary: d.summary })) };
  if (level === 'full') {
    return {
      level,
      days: days.map((d) => ({
        date: d.date,
        messages: (messagesByDay.get(d.id) ?? []).map(reasoningMessage),
      })),
    };
  }
  return { level };
}
