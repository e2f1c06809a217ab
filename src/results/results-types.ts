/**
 * What the results service answers, in the domain's own words: what the models did on a day, over a
 * period, and how they rank. Figures are exact (money in whole ticks, ratios unrounded); how they are
 * named and rounded on the wire is the HTTP presenter's business.
 */
import type { Market, MarketId } from '../core/markets/market.js';
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
  /** Whose results: absent, the job's market with `jobId`, else the service's default (see MarketScope). */
  market?: MarketId;
  reasoning: ReasoningLevel;
}

/**
 * Which market a question is about. A model keeps one portfolio per market, so every answer is one
 * market's: the one named, or the job's own when a job is named (a job trades one market), or the
 * deployment's default (the config's market: `us` for the original server's configs, so its clients
 * see what they always saw).
 */
export interface MarketScope {
  market?: MarketId;
  jobId?: string;
}

export interface LeaderboardQuery {
  /** Both dates included; without dates, all history up to today. */
  startDate?: string;
  endDate?: string;
  /** That model alone; the benchmark then spans its dates and starts from its stake. */
  model?: string;
  /** As in ResultsQuery: the job's own model-days, superseded or not. */
  jobId?: string;
  /** As in ResultsQuery. */
  market?: MarketId;
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
  /** Beta and alpha against the market's benchmark over the days both have; null figures without its prices. */
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

/** Single-date mode lists model-days; range mode summarises each model. Either is one market's. */
export type Results = { market: Market } & (
  { mode: 'single-date'; days: DayResult[] } | { mode: 'range'; models: ModelRangeResult[] }
);

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
  /** Against the market's benchmark, which itself has beta 1 and alpha 0 (null as a model's are: too few days). */
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

/** The market's benchmark bought at the start of the board's period and held (see core/benchmark.ts). */
export interface Benchmark extends BoardFigures {
  /** `<spec label> (benchmark)`: `QQQ (benchmark)`, `SSE-50 index (benchmark)`, `CD5 (benchmark)`. */
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

/** The trades export: one market's fills. */
export interface TradeList {
  market: Market;
  trades: TradeRecord[];
}

export interface Leaderboard {
  market: Market;
  /** The first and last dates with data; null when there is none. */
  startDate: string | null;
  endDate: string | null;
  /** Best period return first. */
  entries: LeaderboardEntry[];
  /** Null without the benchmark's prices for the period, or without data. */
  benchmark: Benchmark | null;
}

export interface BenchmarkSeriesQuery {
  startDate?: string;
  endDate?: string;
  /** Absent: the service's default market. */
  market?: MarketId;
}

/**
 * The benchmark's level at each close of a window, and where its bars came from (synthetic ones are
 * labelled): an instrument's closes (QQQ, the SSE-50 index), or a basket's value per unit of cash put
 * in at the window's first complete open (CD5).
 */
export interface BenchmarkSeries {
  market: Market;
  /** The instrument's symbol, or the basket's label (`CD5`): what alpha and beta name as their benchmark. */
  symbol: string;
  /** Its short name: `QQQ`, `SSE-50 index`, `CD5`. */
  label: string;
  startDate: string;
  endDate: string;
  /** `alphavantage`, `import` or `synthetic` when all bars share one source, else `mixed`; null without bars. */
  source: string | null;
  closes: { date: string; close: number }[];
}
