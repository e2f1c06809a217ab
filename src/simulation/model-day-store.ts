import type { ModelDayRecord, StartingPoint } from './model-day-record.js';

/** Persistence a model-day needs: where it starts, and one atomic write of its rows. */
export interface ModelDayStore {
  /** The model's latest live (unsuperseded) day before `date`, in any job; else `initialCash`. */
  startingPoint(model: string, date: string, initialCash: number): Promise<StartingPoint>;
  /**
   * Writes the day's rows in one transaction: all of them or none. Returns the trading day's id.
   * `lease` names the claim the day ran under, where the store checks one (see `jobDayStore`).
   */
  saveDay(record: ModelDayRecord, options?: { lease?: string }): Promise<number>;
}
