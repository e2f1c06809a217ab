/**
 * What the results service reads. Every method sees live (unsuperseded) trading days only, and the
 * per-day methods take the ids `modelDays` returned, so a request reads each table once however
 * many days it covers.
 */

export interface DayFilter {
  /** Both included; no start means from the first day on record. */
  startDate?: string;
  endDate: string;
  model?: string;
  jobId?: string;
}

export interface DayRow {
  id: number;
  job_id: string;
  model: string;
  date: string;
  starting_cash: number;
  ending_cash: number;
  starting_value: number;
  ending_value: number;
  daily_profit: number;
  daily_return_pct: number;
  days_since_last_trading: number;
  total_actions: number;
  summary: string | null;
  session_duration_seconds: number | null;
  completed_at: string | null;
}

export interface TradeRowView {
  trading_day_id: number;
  action_type: 'buy' | 'sell';
  symbol: string;
  quantity: number;
  price: number;
  created_at: string;
}

export interface HoldingRowView {
  trading_day_id: number;
  symbol: string;
  quantity: number;
}

export interface ReasoningRowView {
  trading_day_id: number;
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  /** JSON text, as stored. */
  tool_calls: string | null;
  tool_call_id: string | null;
  tool_name: string | null;
  created_at: string;
}

export interface DayUsage {
  prompt_tokens: number;
  completion_tokens: number;
  /** Null when any of the day's calls had no known price: a partial sum would understate it. */
  cost_usd: number | null;
}

export interface BenchmarkBar {
  date: string;
  open: number;
  close: number;
}

export interface ResultsStore {
  /** Live days matching the filter, ordered by date then model. */
  modelDays(filter: DayFilter): Promise<DayRow[]>;
  /** Trades of the given days, each day's in execution order. */
  tradesFor(dayIds: readonly number[]): Promise<TradeRowView[]>;
  /** End-of-day holdings (positive quantities) of the given days, by symbol. */
  holdingsFor(dayIds: readonly number[]): Promise<HoldingRowView[]>;
  /**
   * For each given day, the end-of-day holdings of the same model's latest live day before it (in
   * any job): the position the day started from. Rows carry the id of the day asked about.
   */
  previousHoldingsFor(dayIds: readonly number[]): Promise<HoldingRowView[]>;
  /** The conversations of the given days, each in order. */
  reasoningFor(dayIds: readonly number[]): Promise<ReasoningRowView[]>;
  /** Token and cost sums per day; days without recorded calls are absent. */
  usageTotals(dayIds: readonly number[]): Promise<Map<number, DayUsage>>;
  /** Daily bars of `symbol` from `startDate` to `endDate`, both included, by date. */
  benchmarkBars(symbol: string, startDate: string, endDate: string): Promise<BenchmarkBar[]>;
  /** The latest close of `symbol` strictly before `date`. */
  closeBefore(symbol: string, date: string): Promise<{ date: string; close: number } | null>;
}
