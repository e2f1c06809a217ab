import type { PeriodMetrics, RiskMetrics, ValuePoint } from '../core/metrics.js';

/*
 * The GET /results contract. Field names are those of the Python service this one replaces; do not
 * rename them. Output shapes are type aliases, not interfaces, so they stay assignable to the HTTP
 * layer's loose (index-signature) response schemas.
 */

export const REASONING_LEVELS = ['none', 'summary', 'full'] as const;
export type ReasoningLevel = (typeof REASONING_LEVELS)[number];

export interface ResultsQuery {
  start_date?: string;
  end_date?: string;
  model?: string;
  job_id?: string;
  /** Defaults to `none`. */
  reasoning?: ReasoningLevel;
}

export type HoldingView = {
  symbol: string;
  quantity: number;
};

export type PositionView = {
  holdings: HoldingView[];
  cash: number;
  portfolio_value: number;
};

export type TradeView = {
  action_type: 'buy' | 'sell';
  symbol: string;
  quantity: number;
  price: number;
  created_at: string;
};

export type ToolCallView = {
  id: string;
  name: string;
  arguments: string;
};

export type ReasoningMessage = {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_calls?: ToolCallView[];
  tool_call_id?: string;
  tool_name?: string;
  created_at: string;
};

export type DayMetadata = {
  total_actions: number;
  session_duration_seconds: number | null;
  completed_at: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  /** Null when any call of the day had no known price. */
  cost_usd: number | null;
};

/** One model-day, in single-date mode. */
export type DayResult = {
  date: string;
  model: string;
  job_id: string;
  starting_position: PositionView;
  daily_metrics: {
    profit: number;
    return_pct: number;
    days_since_last_trading: number;
  };
  trades: TradeView[];
  final_position: PositionView;
  metadata: DayMetadata;
  /** null for `none`, the day's summary for `summary`, the conversation for `full`. */
  reasoning: string | null | ReasoningMessage[];
};

/** Per-day reasoning in range mode, present only when asked for. */
export type RangeReasoning =
  { date: string; summary: string | null }[] | { date: string; messages: ReasoningMessage[] }[];

export type UsageTotals = {
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number | null;
};

/** One model over a date range, in range mode. */
export type ModelRangeResult = {
  model: string;
  /** The first and last dates in range that have data for this model. */
  start_date: string;
  end_date: string;
  daily_portfolio_values: ValuePoint[];
  period_metrics: PeriodMetrics;
  risk_metrics: RiskMetrics;
  totals: { trades: number } & UsageTotals;
  reasoning?: RangeReasoning;
};

export type ResultsResponse =
  { count: number; results: DayResult[] } | { count: number; results: ModelRangeResult[] };

export interface LeaderboardQuery {
  start_date?: string;
  end_date?: string;
  job_id?: string;
}

export type LeaderboardEntry = {
  model: string;
  starting_value: number;
  ending_value: number;
  period_return_pct: number;
  /** Null for the benchmark, which neither trades nor pays for calls. */
  trades: number | null;
  cost_usd: number | null;
  max_drawdown_pct: number | null;
  sharpe: number | null;
};

export type Leaderboard = {
  /** The first and last dates with data; null when there is none. */
  start_date: string | null;
  end_date: string | null;
  /** Best period return first. */
  entries: LeaderboardEntry[];
  /** QQQ bought at the start and held; null without QQQ prices for the period. */
  benchmark: LeaderboardEntry | null;
};

export { BENCHMARK_SYMBOL } from '../core/universe.js';
export const BENCHMARK_LABEL = 'QQQ (benchmark)';
