import { addDays, isIsoDate, todayUtc } from '../core/dates.js';
import { fromTicks, toTicks } from '../core/ledger/money.js';
import { periodMetrics, riskMetrics, roundTo, type ValuePoint } from '../core/metrics.js';
import type { DayRow, DayUsage, HoldingRowView, ReasoningRowView, ResultsStore } from './results-store.js';
import {
  BENCHMARK_LABEL,
  BENCHMARK_SYMBOL,
  type DayResult,
  type HoldingView,
  type Leaderboard,
  type LeaderboardEntry,
  type LeaderboardQuery,
  type ModelRangeResult,
  type ReasoningLevel,
  type ReasoningMessage,
  type ResultsQuery,
  type ResultsResponse,
  type ToolCallView,
  type UsageTotals,
} from './results-types.js';

/** A request the caller got wrong (400), or one that matched nothing (404). */
export class ResultsQueryError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 422,
  ) {
    super(message);
    this.name = 'ResultsQueryError';
  }
}

export const NO_DATA_MESSAGE = 'No trading data found for the specified filters';

/** Costs are sums of many small doubles; micro-dollars hide the float residue without losing cents. */
const COST_DECIMALS = 6;

interface DateWindow {
  /** Undefined: from the first day on record. */
  start: string | undefined;
  end: string;
  single: boolean;
}

export class ResultsService {
  constructor(private readonly store: ResultsStore) {}

  /**
   * Single-date mode (one date given, or two equal ones) lists every model-day of that date; range
   * mode summarises each model over the window. Without dates the window is the `lookbackDays` days
   * before today plus today.
   */
  async getResults(query: ResultsQuery, now: Date, lookbackDays: number): Promise<ResultsResponse> {
    if (!Number.isInteger(lookbackDays) || lookbackDays < 0) {
      throw new RangeError(`lookbackDays must be a whole number >= 0, got ${lookbackDays}`);
    }
    const reasoning = query.reasoning ?? 'none';
    const window = resolveWindow(query, now, (today) => addDays(today, -lookbackDays));
    const days = await this.store.modelDays({
      startDate: window.start,
      endDate: window.end,
      model: query.model,
      jobId: query.job_id,
    });
    if (days.length === 0) throw new ResultsQueryError(NO_DATA_MESSAGE, 404);
    if (window.single) {
      const results = await this.dayResults(days, reasoning);
      return { count: results.length, results };
    }
    const results = await this.rangeResults(days, reasoning);
    return { count: results.length, results };
  }

  /**
   * Every model ranked by period return, next to QQQ bought and held over the same dates. Without
   * dates it covers all history up to today; no data gives an empty board rather than an error, as
   * a fresh install has none.
   */
  async leaderboard(query: LeaderboardQuery, now: Date): Promise<Leaderboard> {
    const window = resolveWindow(query, now, () => undefined);
    const days = await this.store.modelDays({
      startDate: window.start,
      endDate: window.end,
      jobId: query.job_id,
    });
    const first = days[0];
    const last = days.at(-1);
    if (first === undefined || last === undefined) {
      return { start_date: null, end_date: null, entries: [], benchmark: null };
    }
    const ranges = await this.rangeResults(days, 'none');
    const entries = ranges
      .map((r): LeaderboardEntry => ({
        model: r.model,
        starting_value: r.period_metrics.starting_portfolio_value,
        ending_value: r.period_metrics.ending_portfolio_value,
        period_return_pct: r.period_metrics.period_return_pct,
        trades: r.totals.trades,
        cost_usd: r.totals.cost_usd,
        max_drawdown_pct: r.risk_metrics.max_drawdown_pct,
        sharpe: r.risk_metrics.sharpe,
      }))
      .sort((a, b) => b.period_return_pct - a.period_return_pct || compareText(a.model, b.model));
    // The models' average start, so the benchmark's value reads on their scale (it is their common
    // start whenever they all began together with the same cash).
    const stake = fromTicks(toTicks(mean(entries.map((e) => e.starting_value))));
    return {
      start_date: first.date,
      end_date: last.date,
      entries,
      benchmark: await this.benchmark(first.date, last.date, stake),
    };
  }

  private async dayResults(days: DayRow[], reasoning: ReasoningLevel): Promise<DayResult[]> {
    const ids = days.map((d) => d.id);
    const [trades, holdings, previous, usage, messages] = await Promise.all([
      this.store.tradesFor(ids),
      this.store.holdingsFor(ids),
      this.store.previousHoldingsFor(ids),
      this.store.usageTotals(ids),
      reasoning === 'full' ? this.store.reasoningFor(ids) : Promise.resolve([]),
    ]);
    const tradesByDay = groupByDay(trades);
    const endHoldings = groupByDay(holdings);
    const startHoldings = groupByDay(previous);
    const messagesByDay = groupByDay(messages);
    return days.map((day) => {
      const dayUsage = usageOf(usage.get(day.id));
      return {
        date: day.date,
        model: day.model,
        job_id: day.job_id,
        starting_position: {
          holdings: holdingViews(startHoldings.get(day.id)),
          cash: day.starting_cash,
          portfolio_value: day.starting_value,
        },
        daily_metrics: {
          profit: day.daily_profit,
          return_pct: roundTo(day.daily_return_pct, 4),
          days_since_last_trading: day.days_since_last_trading,
        },
        trades: (tradesByDay.get(day.id) ?? []).map((t) => ({
          action_type: t.action_type,
          symbol: t.symbol,
          quantity: t.quantity,
          price: t.price,
          created_at: t.created_at,
        })),
        final_position: {
          holdings: holdingViews(endHoldings.get(day.id)),
          cash: day.ending_cash,
          portfolio_value: day.ending_value,
        },
        metadata: {
          total_actions: day.total_actions,
          session_duration_seconds: day.session_duration_seconds,
          completed_at: day.completed_at,
          ...dayUsage,
        },
        reasoning:
          reasoning === 'none'
            ? null
            : reasoning === 'summary'
              ? day.summary
              : (messagesByDay.get(day.id) ?? []).map(messageView),
      };
    });
  }

  private async rangeResults(days: DayRow[], reasoning: ReasoningLevel): Promise<ModelRangeResult[]> {
    const ids = days.map((d) => d.id);
    const [usage, messages] = await Promise.all([
      this.store.usageTotals(ids),
      reasoning === 'full' ? this.store.reasoningFor(ids) : Promise.resolve([]),
    ]);
    const messagesByDay = groupByDay(messages);
    const byModel = new Map<string, DayRow[]>();
    for (const day of days) {
      const group = byModel.get(day.model);
      if (group) group.push(day);
      else byModel.set(day.model, [day]);
    }

    return [...byModel.keys()].sort(compareText).map((model) => {
      // Non-empty by construction; dates ascending because `modelDays` orders by date first.
      const modelDays = byModel.get(model) ?? [];
      const first = modelDays[0] as DayRow;
      const last = modelDays.at(-1) as DayRow;
      const values: ValuePoint[] = modelDays.map((d) => ({ date: d.date, portfolio_value: d.ending_value }));
      // The base is what the first day's profit was measured against (the previous live day's close,
      // or the initial cash), not its value at the open: that way the period return is exactly the
      // chain of the daily returns. Subtracted in ticks so 10067.01 - 67.01 is exactly 10000.
      const base = fromTicks(toTicks(first.ending_value) - toTicks(first.daily_profit));
      const result: ModelRangeResult = {
        model,
        start_date: first.date,
        end_date: last.date,
        daily_portfolio_values: values,
        period_metrics: periodMetrics(values, base),
        risk_metrics: riskMetrics(values, base),
        totals: {
          trades: modelDays.reduce((n, d) => n + d.total_actions, 0),
          ...sumUsage(modelDays.map((d) => usageOf(usage.get(d.id)))),
        },
      };
      if (reasoning === 'summary') {
        result.reasoning = modelDays.map((d) => ({ date: d.date, summary: d.summary }));
      } else if (reasoning === 'full') {
        result.reasoning = modelDays.map((d) => ({
          date: d.date,
          messages: (messagesByDay.get(d.id) ?? []).map(messageView),
        }));
      }
      return result;
    });
  }

  /**
   * `stake` bought QQQ at the last close before `start` (or, with no earlier bar, at the first open
   * in range) and held it; valued at each close in range.
   */
  private async benchmark(start: string, end: string, stake: number): Promise<LeaderboardEntry | null> {
    const [bars, before] = await Promise.all([
      this.store.benchmarkBars(BENCHMARK_SYMBOL, start, end),
      this.store.closeBefore(BENCHMARK_SYMBOL, start),
    ]);
    const firstBar = bars[0];
    if (firstBar === undefined) return null;
    const entryPrice = before?.close ?? firstBar.open;
    if (!(entryPrice > 0)) return null;
    const values = bars.map((b) => ({
      date: b.date,
      portfolio_value: fromTicks(toTicks((stake * b.close) / entryPrice)),
    }));
    const period = periodMetrics(values, stake);
    const risk = riskMetrics(values, stake);
    return {
      model: BENCHMARK_LABEL,
      starting_value: stake,
      ending_value: period.ending_portfolio_value,
      period_return_pct: period.period_return_pct,
      trades: null,
      cost_usd: null,
      max_drawdown_pct: risk.max_drawdown_pct,
      sharpe: risk.sharpe,
    };
  }
}

/**
 * One given date stands for both ends. Without dates the window ends today and starts where
 * `defaultStart` says. Only dates the caller gave are checked against today, so a message always
 * names a field they sent.
 */
function resolveWindow(
  query: { start_date?: string; end_date?: string },
  now: Date,
  defaultStart: (today: string) => string | undefined,
): DateWindow {
  const { start_date: start, end_date: end } = query;
  for (const value of [start, end]) {
    if (value !== undefined && !isIsoDate(value)) {
      throw new ResultsQueryError(`Invalid date format: ${value}. Expected YYYY-MM-DD`, 400);
    }
  }
  if (start !== undefined && end !== undefined && start > end) {
    throw new ResultsQueryError(`start_date must be <= end_date (${start} > ${end})`, 400);
  }
  const today = todayUtc(now);
  for (const [field, value] of [
    ['start_date', start],
    ['end_date', end],
  ] as const) {
    if (value !== undefined && value > today) {
      throw new ResultsQueryError(
        `Cannot query future dates: ${field} (${value}) is after today (${today})`,
        400,
      );
    }
  }
  if (start === undefined && end === undefined) {
    const from = defaultStart(today);
    return { start: from, end: today, single: from === today };
  }
  const from = start ?? (end as string);
  const to = end ?? from;
  return { start: from, end: to, single: from === to };
}

function groupByDay<T extends { trading_day_id: number }>(rows: readonly T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(row.trading_day_id);
    if (group) group.push(row);
    else groups.set(row.trading_day_id, [row]);
  }
  return groups;
}

function holdingViews(rows: readonly HoldingRowView[] | undefined): HoldingView[] {
  return (rows ?? []).map((h) => ({ symbol: h.symbol, quantity: h.quantity }));
}

function messageView(row: ReasoningRowView): ReasoningMessage {
  const message: ReasoningMessage = { role: row.role, content: row.content, created_at: row.created_at };
  if (row.tool_calls !== null) message.tool_calls = JSON.parse(row.tool_calls) as ToolCallView[];
  if (row.tool_call_id !== null) message.tool_call_id = row.tool_call_id;
  if (row.tool_name !== null) message.tool_name = row.tool_name;
  return message;
}

/** A day without recorded calls used no tokens and cost nothing. */
function usageOf(usage: DayUsage | undefined): UsageTotals {
  if (usage === undefined) return { prompt_tokens: 0, completion_tokens: 0, cost_usd: 0 };
  return {
    prompt_tokens: usage.prompt_tokens,
    completion_tokens: usage.completion_tokens,
    cost_usd: usage.cost_usd === null ? null : roundTo(usage.cost_usd, COST_DECIMALS),
  };
}

/** An unknown part makes the total cost unknown, as within a day: a partial sum would understate it. */
function sumUsage(parts: readonly UsageTotals[]): UsageTotals {
  let cost: number | null = 0;
  for (const part of parts) cost = cost === null || part.cost_usd === null ? null : cost + part.cost_usd;
  return {
    prompt_tokens: parts.reduce((n, p) => n + p.prompt_tokens, 0),
    completion_tokens: parts.reduce((n, p) => n + p.completion_tokens, 0),
    cost_usd: cost === null ? null : roundTo(cost, COST_DECIMALS),
  };
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
