import type { MarketId } from '../core/markets/market.js';

/**
 * What planning needs to know about the models' committed days (their live, unsuperseded trading
 * days) in one market: a model keeps one portfolio per market.
 */
export interface ModelDayHistory {
  /** Each model's latest live trading date; models that never traded are absent. */
  lastLiveDates(market: MarketId, models: readonly string[]): Promise<Map<string, string>>;
  /** Each model's live trading dates on or after `from`, ascending; models without any are absent. */
  liveDatesFrom(market: MarketId, models: readonly string[], from: string): Promise<Map<string, string[]>>;
}
