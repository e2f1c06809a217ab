import type { DailyBar } from '../core/bars.js';
import type { Market } from '../core/markets/index.js';
import type { PriceSource } from './price-store.js';

/**
 * Why one symbol's history could not be had. `daily_limit` (the day's allowance is spent),
 * `rate_limit` (the provider kept refusing after waiting) and `invalid_key` stop a whole download.
 */
export type HistoryFailureKind =
  | 'daily_limit'
  | 'rate_limit'
  | 'invalid_key'
  | 'unknown_symbol'
  | 'bad_payload'
  | 'server'
  | 'network'
  | 'no_data';

export class HistoryFetchError extends Error {
  override readonly name = 'HistoryFetchError';
  constructor(
    readonly kind: HistoryFailureKind,
    message: string,
    /** What the provider answered, for the log only (its message may become a job's warning). */
    readonly upstream?: string,
  ) {
    super(message);
  }
}

export interface HistoryResult {
  /** Every bar the response carried, ascending (often more than was asked for: all are worth keeping). */
  bars: DailyBar[];
  /**
   * The dates this answer speaks for: a session in this span without a bar really has no bar (a halt,
   * a delisting), so it is never downloaded again. Usually wider than the bars themselves.
   */
  coverage: { from: string; through: string };
  warnings: string[];
}

/** A source of daily history for one symbol at a time (Alpha Vantage, or the synthetic demo data). */
export interface PriceHistoryProvider {
  readonly source: PriceSource;
  /**
   * Bars of `symbol` (in `market`'s spelling) reaching back to `oldest` where the provider can; the
   * market says which sessions exist and how the provider spells and serves the symbol. Throws
   * HistoryFetchError on failure.
   */
  fetchHistory(symbol: string, oldest: string, newest: string, market: Market): Promise<HistoryResult>;
}
