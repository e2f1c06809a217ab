import type { DetailStatus as JobDetailStatus, JobStatus } from '../jobs/lifecycle.js';
import type { ColumnType, Generated } from 'kysely';
import type { PriceSource } from '../market-data/price-store.js';
import type { MarketId } from '../core/markets/market.js';

/*
 * Row shapes of every table, as Kysely sees them. Storage conventions (portable between SQLite and
 * PostgreSQL): dates are `YYYY-MM-DD` text, timestamps ISO-8601 UTC text, JSON is text, booleans are
 * integers 0/1, money is double precision.
 */

/** A column the database fills in when the insert leaves it out. */
type WithDefault<T> = ColumnType<T, T | undefined, T>;

/** JSON serialized with `JSON.stringify`. */
export type JsonText = string;

/** 0 or 1; SQLite has no boolean type. */
export type IntBool = 0 | 1;

export type TradeAction = 'buy' | 'sell';
export type ReasoningRole = 'system' | 'user' | 'assistant' | 'tool';
export type TokenCallKind = 'decision' | 'summary';
export type ToolCallOutcome = 'refused' | 'rejected' | 'error';

export type { JobDetailStatus, JobStatus };

export interface JobsTable {
  job_id: string;
  status: JobStatus;
  /** The market the job trades (`us`, `cn`, `crypto`); see migration 005. */
  market: WithDefault<MarketId>;
  /** JSON array of `YYYY-MM-DD`. */
  date_range: JsonText;
  /** JSON array of model signatures. */
  models: JsonText;
  /** JSON of the trigger request as received. */
  request: JsonText | null;
  config_snapshot: JsonText | null;
  resume_mode: WithDefault<IntBool>;
  created_at: string;
  started_at: string | null;
  updated_at: string;
  completed_at: string | null;
  total_duration_seconds: number | null;
  error: string | null;
  /** JSON array of strings. */
  warnings: WithDefault<JsonText>;
  cancel_requested: WithDefault<IntBool>;
  lease_owner: string | null;
  lease_expires_at: string | null;
}

export interface JobDetailsTable {
  id: Generated<number>;
  job_id: string;
  date: string;
  model: string;
  status: JobDetailStatus;
  error: string | null;
  started_at: string | null;
  completed_at: string | null;
  duration_seconds: number | null;
  /**
   * The claim of the worker running this day (`running`), kept after it completes so a commit retried
   * after a lost acknowledgement recognises itself; see migration 003.
   */
  lease_owner: WithDefault<string | null>;
  /** ISO-8601 UTC; a `running` day whose lease is past may be taken over. */
  lease_expires_at: WithDefault<string | null>;
}

export interface TradingDaysTable {
  id: Generated<number>;
  job_id: string;
  model: string;
  /** A model keeps one portfolio per market: its live days are unique per model, market and date. */
  market: WithDefault<MarketId>;
  date: string;
  starting_cash: number;
  ending_cash: number;
  /** Cash plus holdings at the open. */
  starting_value: number;
  /** Cash plus holdings at the close. */
  ending_value: number;
  daily_profit: number;
  daily_return_pct: number;
  days_since_last_trading: WithDefault<number>;
  total_actions: WithDefault<number>;
  summary: string | null;
  session_duration_seconds: number | null;
  created_at: string;
  completed_at: string | null;
  /** Set when a later run replaced this day; at most one live (unsuperseded) row per model and date. */
  superseded_at: string | null;
  superseded_by_job: string | null;
}

export interface TradesTable {
  id: Generated<number>;
  trading_day_id: number;
  seq: number;
  action_type: TradeAction;
  symbol: string;
  quantity: number;
  price: number;
  commission: number;
  notional: number;
  created_at: string;
}

export interface HoldingsTable {
  id: Generated<number>;
  trading_day_id: number;
  symbol: string;
  quantity: number;
}

export interface ReasoningLogsTable {
  id: Generated<number>;
  trading_day_id: number;
  seq: number;
  role: ReasoningRole;
  content: string | null;
  tool_calls: JsonText | null;
  tool_call_id: string | null;
  tool_name: string | null;
  created_at: string;
}

export interface TokenUsageTable {
  id: Generated<number>;
  trading_day_id: number;
  seq: number;
  call_kind: TokenCallKind;
  model: string;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cost_usd: number | null;
  latency_ms: number | null;
  created_at: string;
}

export interface ToolCallAuditTable {
  id: Generated<number>;
  trading_day_id: number;
  seq: number;
  tool: string;
  arguments: JsonText | null;
  outcome: ToolCallOutcome;
  reason: string | null;
  message: string | null;
  created_at: string;
}

export interface PriceBarsTable {
  symbol: string;
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  source: PriceSource;
  updated_at: string;
}

export interface PriceCoverageTable {
  id: Generated<number>;
  symbol: string;
  start_date: string;
  end_date: string;
  source: PriceSource;
  fetched_at: string;
}

/** What cached answers depend on; see migration 002. */
export type ChangeCounterName = 'results' | 'prices';

export interface ChangeCountersTable {
  name: ChangeCounterName;
  version: number;
}

/** A symbol one worker is downloading; others wait for it rather than fetch it too. */
export interface PriceDownloadClaimsTable {
  symbol: string;
  owner: string;
  /** ISO-8601 UTC; renewed while the download runs. */
  expires_at: string;
}

/** What a price provider was last seen to allow, shared by every process using its key. */
export interface ProviderPaceTable {
  provider: string;
  /** Epoch milliseconds before which nobody asks (a Retry-After, or a refusal nobody could explain). */
  paused_until: number;
  /** Requests per window the provider answered before it first refused; null until then. */
  requests_per_window: number | null;
}

/** One request to a price provider: in flight until answered; answered ones count for one window. */
export interface ProviderRequestsTable {
  id: Generated<number>;
  provider: string;
  owner: string;
  /** Epoch milliseconds. */
  granted_at: number;
  answered_at: number | null;
}

export interface Database {
  jobs: JobsTable;
  job_details: JobDetailsTable;
  trading_days: TradingDaysTable;
  trades: TradesTable;
  holdings: HoldingsTable;
  reasoning_logs: ReasoningLogsTable;
  token_usage: TokenUsageTable;
  tool_call_audit: ToolCallAuditTable;
  price_bars: PriceBarsTable;
  price_coverage: PriceCoverageTable;
  change_counters: ChangeCountersTable;
  price_download_claims: PriceDownloadClaimsTable;
  provider_pace: ProviderPaceTable;
  provider_requests: ProviderRequestsTable;
}
