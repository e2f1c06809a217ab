/**
 * What the results service reads. `modelDays` finds the days; the per-day methods take the ids it
 * returned, so a request reads each table once however many days it covers.
 */
import type { DailyBar } from '../core/bars.js';
import type { MarketId } from '../core/markets/market.js';
import type { TradeFill, Usage } from './results-types.js';

export interface DayFilter {
  /** Only that market's days: a model keeps one portfolio per market. */
  market: MarketId;
  /** Both included; no start means from the first day on record. */
  startDate?: string;
  endDate: string;
  model?: string;
  jobId?: string;
  /**
   * Also days a later run replaced (kept, with `supersededAt` set). Without it only live days
   * match: at most one per model and date.
   */
  includeSuperseded: boolean;
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
  /** Set when a later run of the model on this date or before replaced this day. */
  supersededAt: string | null;
  supersededByJob: string | null;
}

export interface StoredTrade extends TradeFill {
  dayId: number;
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

/** A tool call that did not do what the model asked (a look-ahead refusal, a rejected order, bad arguments). */
export interface StoredRefusal {
  dayId: number;
  tool: string;
  /** The arguments as the model sent them (JSON text). */
  arguments: string | null;
  outcome: 'refused' | 'rejected' | 'error';
  reason: string | null;
  message: string | null;
  createdAt: string;
}

export interface ResultsStore {
  /** Days matching the filter, ordered by date then model. */
  modelDays(filter: DayFilter): Promise<StoredDay[]>;
  /** Changes whenever anything a results answer is computed from changes (days committed, superseded, prices stored). */
  dataVersion(): Promise<string>;
  /** Trades of the given days, each day's in execution order. */
  tradesFor(dayIds: readonly number[]): Promise<StoredTrade[]>;
  /** End-of-day holdings (positive quantities) of the given days, by symbol. */
  holdingsFor(dayIds: readonly number[]): Promise<StoredHolding[]>;
  /** The conversations of the given days, each in order. */
  reasoningFor(dayIds: readonly number[]): Promise<StoredMessage[]>;
  /** The refused, rejected or failed tool calls of the given days, each day's in order. */
  refusalsFor(dayIds: readonly number[]): Promise<StoredRefusal[]>;
  /** The market a job trades; null for a job there is no record of. */
  jobMarket(jobId: string): Promise<MarketId | null>;
  /** How many of the symbols' bars in [startDate, endDate] came from each source (synthetic ones too), all symbols together. */
  benchmarkSources(
    symbols: readonly string[],
    startDate: string,
    endDate: string,
  ): Promise<Partial<Record<string, number>>>;
  /** The notional of all fills, buys and sells, per day id; days without trades are absent. */
  tradedNotional(dayIds: readonly number[]): Promise<Map<number, number>>;
  /** Token and cost sums per day id; days without recorded calls are absent. */
  usageTotals(dayIds: readonly number[]): Promise<Map<number, Usage>>;
  /** Daily bars of the symbols from `startDate` to `endDate`, both included, by symbol then date. */
  benchmarkBars(symbols: readonly string[], startDate: string, endDate: string): Promise<DailyBar[]>;
  /** Each symbol's latest close strictly before `date`; symbols without one are absent. */
  closesBefore(symbols: readonly string[], date: string): Promise<Map<string, number>>;
}
