/** What planning needs to know about the models' committed days (their live, unsuperseded trading days). */
export interface ModelDayHistory {
  /** Each model's latest live trading date; models that never traded are absent. */
  lastLiveDates(models: readonly string[]): Promise<Map<string, string>>;
  /** Each model's live trading dates on or after `from`, ascending; models without any are absent. */
  liveDatesFrom(models: readonly string[], from: string): Promise<Map<string, string[]>>;
}
