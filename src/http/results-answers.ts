/**
 * Results as the original server wrote them on the wire: the domain's exact figures mapped onto the
 * contract's field names, rounded once, here, to the decimals clients of the original read.
 */
import { parsePortfolioKey, runField } from '../core/runs.js';
import type { Market } from '../core/markets/market.js';
import { roundTo, type PeriodMetrics, type RiskMetrics } from '../core/metrics.js';
import type { RelativeMetrics } from '../core/relative-metrics.js';
import { benchmarkName } from '../results/leaderboard.js';
import type {
  Benchmark,
  BenchmarkSeries,
  BoardFigures,
  DayReasoning,
  DayResult,
  Leaderboard,
  LeaderboardEntry,
  ModelRangeResult,
  ReasoningMessage,
  Results,
  TradeList,
  Usage,
  ValuedPosition,
} from '../results/results-types.js';
import type {
  BenchmarkResponse,
  DayResultResponse,
  LeaderboardEntryResponse,
  LeaderboardResponse,
  RangeResultResponse,
  ReasoningMessageResponse,
  ResultsResponse,
  TradesResponse,
} from './contract/results.js';

/** Percentages over a period (returns, drawdown, volatility, win rate). */
export const PERIOD_PCT_DECIMALS = 2;
/** Percentages of one day or session (a day's return, best and worst day, a mean session difference). */
export const DAILY_PCT_DECIMALS = 4;
/** Sharpe, Sortino and Calmar ratios, beta, turnover, a t statistic. */
export const RATIO_DECIMALS = 4;
/** Costs are sums of many small doubles; micro-dollars hide the float residue without losing cents. */
export const USD_DECIMALS = 6;

/** Rounds a figure the wire carries to `digits`; null stays null. */
export const round = (x: number | null, digits: number): number | null =>
  x === null ? null : roundTo(x, digits);

/**
 * The market and the money of an answer, after the original's fields (whose order clients of the
 * original may rely on): a US answer is the original's with these two added.
 */
function marketFields(market: Market): Pick<ResultsResponse, 'market' | 'currency'> {
  const { code, symbol, decimals } = market.currency;
  return { market: market.id, currency: { code, symbol, decimals } };
}

export function resultsAnswer(results: Results): ResultsResponse {
  const benchmark = benchmarkName(results.market.benchmark);
  const items =
    results.mode === 'single-date'
      ? results.days.map(dayAnswer)
      : results.models.map((range) => rangeAnswer(range, benchmark));
  return { count: items.length, results: items, ...marketFields(results.market) };
}

export function dayAnswer(day: DayResult): DayResultResponse {
  return {
    date: day.date,
    ...portfolioFields(day.model),
    job_id: day.jobId,
    starting_position: positionAnswer(day.startingPosition),
    daily_metrics: {
      profit: day.metrics.profit,
      return_pct: roundTo(day.metrics.returnPct, DAILY_PCT_DECIMALS),
      days_since_last_trading: day.metrics.daysSinceLastTrading,
    },
    trades: day.trades.map((t) => ({
      action_type: t.side,
      symbol: t.symbol,
      quantity: t.quantity,
      price: t.price,
      created_at: t.executedAt,
    })),
    final_position: positionAnswer(day.finalPosition),
    metadata: {
      total_actions: day.session.totalActions,
      session_duration_seconds: day.session.durationSeconds,
      completed_at: day.session.completedAt,
      ...usageAnswer(day.usage),
    },
    reasoning: dayReasoningAnswer(day.reasoning),
    tool_calls_refused: day.refusedCalls.map(({ at, ...call }) => ({ ...call, created_at: at })),
    superseded: day.superseded,
    superseded_by_job: day.supersededByJob,
  };
}

/** `benchmark` names what alpha and beta were measured against (see benchmarkName). */
export function rangeAnswer(range: ModelRangeResult, benchmark: string): RangeResultResponse {
  const answer: RangeResultResponse = {
    ...portfolioFields(range.model),
    start_date: range.startDate,
    end_date: range.endDate,
    daily_portfolio_values: range.dailyValues.map((v) => ({ date: v.date, portfolio_value: v.value })),
    period_metrics: periodMetricsAnswer(range.periodMetrics),
    risk_metrics: riskMetricsAnswer(range.riskMetrics),
    benchmark_relative: relativeAnswer(range.benchmarkRelative, benchmark),
    totals: {
      trades: range.totals.trades,
      traded_notional: range.totals.tradedNotional,
      turnover: round(range.turnover, RATIO_DECIMALS),
      ...usageAnswer(range.totals),
    },
    superseded_dates: range.supersededDates,
  };
  // Absent rather than null for reasoning=none, as before the range mode had reasoning at all.
  const reasoning = range.reasoning;
  if (reasoning.level === 'summary') answer.reasoning = reasoning.days;
  else if (reasoning.level === 'full') {
    answer.reasoning = reasoning.days.map((d) => ({ date: d.date, messages: d.messages.map(messageAnswer) }));
  }
  return answer;
}

export function tradesAnswer({ market, trades }: TradeList): TradesResponse {
  return {
    count: trades.length,
    trades: trades.map((t) => ({
      date: t.date,
      ...portfolioFields(t.model),
      job_id: t.jobId,
      action: t.side,
      symbol: t.symbol,
      quantity: t.quantity,
      price: t.price,
      commission: t.commission,
      notional: t.notional,
      created_at: t.executedAt,
      superseded: t.superseded,
    })),
    ...marketFields(market),
  };
}

export function leaderboardAnswer(board: Leaderboard): LeaderboardResponse {
  return {
    start_date: board.startDate,
    end_date: board.endDate,
    entries: board.entries.map(entryAnswer),
    benchmark: board.benchmark === null ? null : benchmarkAnswer(board.benchmark),
    ...marketFields(board.market),
  };
}

/**
 * The model a stored portfolio belongs to, and `run` for runs 2 and up of a job with repeats
 * (core/runs.ts): every answer about run 1, and about jobs without repeats, reads as it always did.
 */
function portfolioFields(key: string): { model: string; run?: number } {
  return { model: parsePortfolioKey(key).model, ...runField(key) };
}

function entryAnswer(entry: LeaderboardEntry): LeaderboardEntryResponse {
  return boardAnswer(entry.model, entry, {
    trades: entry.trades,
    turnover: round(entry.turnover, RATIO_DECIMALS),
    prompt_tokens: entry.promptTokens,
    completion_tokens: entry.completionTokens,
    cost_usd: round(entry.costUsd, USD_DECIMALS),
    superseded_dates: entry.supersededDates,
  });
}

/** The benchmark neither trades nor pays for calls: those fields are null. */
function benchmarkAnswer(benchmark: Benchmark): LeaderboardEntryResponse {
  return boardAnswer(benchmark.label, benchmark, {
    trades: null,
    turnover: null,
    prompt_tokens: null,
    completion_tokens: null,
    cost_usd: null,
    superseded_dates: [],
  });
}

type ActivityFields =
  'trades' | 'turnover' | 'prompt_tokens' | 'completion_tokens' | 'cost_usd' | 'superseded_dates';

/** A board row, fields in the contract's order whatever their source. */
function boardAnswer(
  model: string,
  figures: BoardFigures,
  activity: Pick<LeaderboardEntryResponse, ActivityFields>,
): LeaderboardEntryResponse {
  return {
    ...portfolioFields(model),
    starting_value: figures.startingValue,
    ending_value: figures.endingValue,
    period_return_pct: roundTo(figures.periodReturnPct, PERIOD_PCT_DECIMALS),
    trades: activity.trades,
    turnover: activity.turnover,
    prompt_tokens: activity.prompt_tokens,
    completion_tokens: activity.completion_tokens,
    cost_usd: activity.cost_usd,
    max_drawdown_pct: round(figures.maxDrawdownPct, PERIOD_PCT_DECIMALS),
    max_drawdown_start: figures.maxDrawdownStart,
    max_drawdown_end: figures.maxDrawdownEnd,
    sharpe: round(figures.sharpe, RATIO_DECIMALS),
    calmar: round(figures.calmar, RATIO_DECIMALS),
    alpha_pct: round(figures.alphaPct, PERIOD_PCT_DECIMALS),
    beta: round(figures.beta, RATIO_DECIMALS),
    superseded_dates: activity.superseded_dates,
  };
}

function relativeAnswer(
  relative: RelativeMetrics,
  benchmark: string,
): RangeResultResponse['benchmark_relative'] {
  return {
    benchmark,
    alpha_pct: round(relative.alphaPct, PERIOD_PCT_DECIMALS),
    beta: round(relative.beta, RATIO_DECIMALS),
    paired_days: relative.pairedDays,
  };
}

function positionAnswer(position: ValuedPosition): DayResultResponse['final_position'] {
  return {
    holdings: position.holdings.map((h) => ({ symbol: h.symbol, quantity: h.quantity })),
    cash: position.cash,
    portfolio_value: position.value,
  };
}

function usageAnswer(
  usage: Usage,
): Pick<DayResultResponse['metadata'], 'prompt_tokens' | 'completion_tokens' | 'cost_usd'> {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    cost_usd: round(usage.costUsd, USD_DECIMALS),
  };
}

function dayReasoningAnswer(reasoning: DayReasoning): DayResultResponse['reasoning'] {
  if (reasoning.level === 'summary') return reasoning.summary;
  if (reasoning.level === 'full') return reasoning.messages.map(messageAnswer);
  return null;
}

function messageAnswer(message: ReasoningMessage): ReasoningMessageResponse {
  const answer: ReasoningMessageResponse = {
    role: message.role,
    content: message.content,
    created_at: message.createdAt,
  };
  if (message.toolCalls !== undefined) answer.tool_calls = message.toolCalls;
  if (message.toolCallId !== undefined) answer.tool_call_id = message.toolCallId;
  if (message.toolName !== undefined) answer.tool_name = message.toolName;
  return answer;
}

function periodMetricsAnswer(metrics: PeriodMetrics): RangeResultResponse['period_metrics'] {
  return {
    starting_portfolio_value: metrics.startingValue,
    ending_portfolio_value: metrics.endingValue,
    period_return_pct: roundTo(metrics.periodReturnPct, PERIOD_PCT_DECIMALS),
    annualized_return_pct: roundTo(metrics.annualizedReturnPct, PERIOD_PCT_DECIMALS),
    calendar_days: metrics.calendarDays,
    trading_days: metrics.tradingDays,
  };
}

function riskMetricsAnswer(metrics: RiskMetrics): RangeResultResponse['risk_metrics'] {
  return {
    volatility_pct: round(metrics.volatilityPct, PERIOD_PCT_DECIMALS),
    sharpe: round(metrics.sharpe, RATIO_DECIMALS),
    sortino: round(metrics.sortino, RATIO_DECIMALS),
    max_drawdown_pct: round(metrics.maxDrawdownPct, PERIOD_PCT_DECIMALS),
    max_drawdown_start: metrics.maxDrawdownStart,
    max_drawdown_end: metrics.maxDrawdownEnd,
    calmar: round(metrics.calmar, RATIO_DECIMALS),
    win_rate_pct: round(metrics.winRatePct, PERIOD_PCT_DECIMALS),
    best_day_pct: round(metrics.bestDayPct, DAILY_PCT_DECIMALS),
    worst_day_pct: round(metrics.worstDayPct, DAILY_PCT_DECIMALS),
  };
}

export function benchmarkSeriesAnswer(series: BenchmarkSeries): BenchmarkResponse {
  return {
    symbol: series.symbol,
    start_date: series.startDate,
    end_date: series.endDate,
    source: series.source,
    values: series.closes,
    label: series.label,
    ...marketFields(series.market),
  };
}
