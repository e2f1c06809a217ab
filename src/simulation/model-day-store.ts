import type { MarketId } from '../core/markets/market.js';
import type { ModelDayRecord, StartingPoint } from './model-day-record.js';

/** One model's day in one market: a model keeps one portfolio per market. */
export interface DayOfModel {
  model: string;
  market: MarketId;
  date: string;
}

/** Persistence a model-day needs: where it starts, and one atomic write of its rows. */
export interface ModelDayStore {
  /** The model's latest live (unsuperseded) day before `date` in its market, in any job; else `initialCash`. */
  startingPoint(day: DayOfModel, initialCash: number): Promise<StartingPoint>;
  /**
   * Writes the day's rows in one transaction: all of them or none. Returns the trading day's id.
   * `lease` names the claim the day ran under, where the store checks one (see `jobDayStore`).
   */
  saveDay(record: ModelDayRecord, options?: { lease?: string }): Promise<number>;
}
