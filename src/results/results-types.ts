/**
 * What the results service answers, in the domain's own words: what the models did on a day, over a
 * period, and how they rank. Figures are exact (money in whole ticks, ratios unrounded); how they are
 * named and rounded on the wire is the HTTP presenter's business.
 */
import type { PeriodMetrics, RiskMetrics, ValuePoint } from '../core/metrics.js';
import type { RelativeMetrics } from '../core/relative-metrics.js';

export const REASONING_LEVELS = ['none', 'summary', 'full'] as const;
export type ReasoningLevel = (typeof REASONING_LEVELS)[number];

export interface ResultsQuery {
  /** Both dates included; one date alone stands for both; none means the lookback window. */
  startDate?: string;
  endDate?: string;
  model?: string;
  /** That job's own model-days, including those a later run has superseded. */
  jobId?: string;
  reasoning: ReasoningLevel;
}

export interface LeaderboardQuery {
  /** Both dates included; without dates, all history up to today. */
  startDate?: string;
  endDate?: string;
  /** That model alone; the benchmark then spans its dates and starts from its stake. */
  model?: string;
  /** As in ResultsQuery: the job's own model-days, superseded or not. */
  jobId?: string;
}

export interface Holding {
  symbol: string;
  quantity: number;
}

/** A portfolio at one moment of a day, with what it was worth then. */
export interface ValuedPosition {
  /** By symbol; positive quantities only. */
  holdings: Holding[];
  cash: number;
  value: number;
}

export interface Trade {
  side: 'buy' | 'sell';
  symbol: string;
  quantity: number;
  price: number;
  executedAt: string;
}

export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface ReasoningMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  toolCalls?: ToolCall[];
  toolCallId?: string;
  toolName?: string;
  createdAt: string;
}

/** What one model-day's reasoning the query asked for. */
export type DayReasoning =
  | { level: 'none' }
  | { level: 'summary'; summary: string | null }
  | { level: 'full'; messages: ReasoningMessage[] };

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** Null when any call had no known price: a partial sum would understate it. */
  costUsd: number | null;
}

/** One model-day, in single-date mode. */
export interface DayResult {
  date: string;
  model: string;
  jobId: string;
  startingPosition: ValuedPosition;
  metrics: {
    /** The day's P&L at the close, against the previous day's close (or the initial cash). */
    profit: number;
    returnPct: number;
    daysSinceLastTrading: number;
  };
  /** In execution order. */
  trades: Trade[];
  finalPosition: ValuedPosition;
  session: {
    totalActions: number;
    durationSeconds: number | null;
    completedAt: string | null;
  };
  usage: Usage;
  reasoning: DayReasoning;
  /** Tool calls that did not do what the model asked: look-ahead refusals, rejected orders, bad arguments. */
  refusedCalls: RefusedCall[];
  /**
   * A later run of the model replaced this day (it is shown only when its job was asked for): its
   * results are what that job did, no longer the model's standing history.
   */
  superseded: boolean;
  supersededByJob: string | null;
}

export interface RefusedCall {
  tool: string;
  arguments: string | null;
  outcome: 'refused' | 'rejected' | 'error';
  reason: string | null;
  message: string | null;
  at: string;
}

/** Per-day reasoning of a model over a range, as the query asked for it. */
export type RangeReasoning =
  | { level: 'none' }
  | { level: 'summary'; days: { date: string; summary: string | null }[] }
  | { level: 'full'; days: { date: string; messages: ReasoningMessage[] }[] };

/** One model over a date range, in range mode. */
export interface ModelRangeResult {
  model: string;
  /** The first and last dates in range that have data for this model. */
  startDate: string;
  endDate: string;
  /** End-of-day values, dates ascending. */
  dailyValues: ValuePoint[];
  periodMetrics: PeriodMetrics;
  riskMetrics: RiskMetrics;
  /** Beta and alpha against QQQ over the days both have; null figures without QQQ prices. */
  benchmarkRelative: RelativeMetrics;
  /** Traded notional over the mean end-of-day value (core/turnover.ts); null without a positive mean. */
  turnover: number | null;
  totals: {
    trades: number;
    /** The notional of every fill, buys and sells. */
    tradedNotional: number;
  } & Usage;
  reasoning: RangeReasoning;
  /** The days of this range a later run has replaced (only a job's own results include them). */
  supersededDates: string[];
}

/** Single-date mode lists model-days; range mode summarises each model. */
export type Results =
  { mode: 'single-date'; days: DayResult[] } | { mode: 'range'; models: ModelRangeResult[] };

/** The figures a model and the benchmark are both ranked by. */
export interface BoardFigures {
  startingValue: number;
  endingValue: number;
  periodReturnPct: number;
  maxDrawdownPct: number | null;
  /** The peak the deepest drawdown fell from, and its trough; null when nothing fell. */
  maxDrawdownStart: string | null;
  maxDrawdownEnd: string | null;
  sharpe: number | null;
  calmar: number | null;
  /** Against QQQ; the benchmark itself has beta 1 and alpha 0 (null as a model's are: too few days). */
  alphaPct: number | null;
  beta: number | null;
}

export interface LeaderboardEntry extends BoardFigures {
  model: string;
  trades: number;
  turnover: number | null;
  promptTokens: number;
  completionTokens: number;
  costUsd: number | null;
  /** As in the model's range result. */
  supersededDates: string[];
}

/** QQQ bought at the start of the board's period and held. */
export interface Benchmark extends BoardFigures {
  label: string;
}

/** One executed trade, as a model-day's record keeps it. */
export interface TradeFill {
  side: 'buy' | 'sell';
  symbol: string;
  quantity: number;
  price: number;
  /** Paid on top of a buy's notional, taken from a sale's proceeds. */
  commission: number;
  /** quantity * price. */
  notional: number;
  executedAt: string;
}

/** A single trade with the model-day it belongs to, as the trades export lists them. */
export interface TradeRecord extends TradeFill {
  date: string;
  model: string;
  jobId: string;
  /** The model-day was replaced by a later run (listed only when its job is asked for). */
  superseded: boolean;
}

/** Which trades to list: the window and filters of ResultsQuery, without reasoning. */
export type TradesQuery = Omit<ResultsQuery, 'reasoning'>;

export interface Leaderboard {
  /** The first and last dates with data; null when there is none. */
  startDate: string | null;
  endDate: string | null;
  /** Best period return first. */
  entries: LeaderboardEntry[];
  /** Null without QQQ prices for the period, or without data. */
  benchmark: Benchmark | null;
}

export { BENCHMARK_SYMBOL } from '../core/universe.js';
export const BENCHMARK_LABEL = 'QQQ (benchmark)';

export interface BenchmarkSeriesQuery {
  startDate?: string;
  endDate?: string;
}

/** QQQ's closes over a window, and where those bars came from (synthetic ones are labelled). */
export interface BenchmarkSeries {
  symbol: string;
  startDate: string;
  endDate: string;
  /** `alphavantage`, `import` or `synthetic` when all bars share one source, else `mixed`; null without bars. */
  source: string | null;
  closes: { date: string; close: number }[];
}
