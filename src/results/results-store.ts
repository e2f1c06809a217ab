/**
 * What the results service reads. Every method sees live (unsuperseded) trading days only, and the
 * per-day methods take the ids `modelDays` returned, so a request reads each table once however
 * many days it covers.
 */
import type { Usage } from './results-types.js';

export interface DayFilter {
  /** Both included; no start means from the first day on record. */
  startDate?: string;
  endDate: string;
  model?: string;
  jobId?: string;
}

/** A committed model-day, as stored. */
export interface StoredDay {
  id: number;
  jobId: string;
  model: string;
  date: string;
  startingCash: number;
  endingCash: number;
  startingValue: number;
  endingValue: number;
  dailyProfit: number;
  dailyReturnPct: number;
  daysSinceLastTrading: number;
  totalActions: number;
  summary: string | null;
  sessionDurationSeconds: number | null;
  completedAt: string | null;
}

export interface StoredTrade {
  dayId: number;
  side: 'buy' | 'sell';
  symbol: string;
  quantity: number;
  price: number;
  executedAt: string;
}

export interface StoredHolding {
  dayId: number;
  symbol: string;
  quantity: number;
}

export interface StoredMessage {
  dayId: number;
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  /** JSON text, as stored. */
  toolCalls: string | null;
  toolCallId: string | null;
  toolName: string | null;
  createdAt: string;
}

export interface BenchmarkBar {
  date: string;
  open: number;
  close: number;
}

export interface ResultsStore {
  /** Live days matching the filter, ordered by date then model. */
  modelDays(filter: DayFilter): Promise<StoredDay[]>;
  /** Trades of the given days, each day's in execution order. */
  tradesFor(dayIds: readonly number[]): Promise<StoredTrade[]>;
  /** End-of-day holdings (positive quantities) of the given days, by symbol. */
  holdingsFor(dayIds: readonly number[]): Promise<StoredHolding[]>;
  /**
   * For each given day, the end-of-day holdings of the same model's latest live day before it (in
   * any job): the position the day started from. Rows carry the id of the day asked about.
   */
  previousHoldingsFor(dayIds: readonly number[]): Promise<StoredHolding[]>;
  /** The conversations of the given days, each in order. */
  reasoningFor(dayIds: readonly number[]): Promise<StoredMessage[]>;
  /** Token and cost sums per day id; days without recorded calls are absent. */
  usageTotals(dayIds: readonly number[]): Promise<Map<number, Usage>>;
  /** Daily bars of `symbol` from `startDate` to `endDate`, both included, by date. */
  benchmarkBars(symbol: string, startDate: string, endDate: string): Promise<BenchmarkBar[]>;
  /** The latest close of `symbol` strictly before `date`. */
  closeBefore(symbol: string, date: string): Promise<{ date: string; close: number } | null>;
}
