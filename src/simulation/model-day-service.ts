import type { ModelDayRecord } from './model-day-record.js';
import { runModelDay, type ModelDayInput } from './model-day-runner.js';
import type { ModelDayStore } from './model-day-store.js';

export type ModelDayRequest = Omit<ModelDayInput, 'start'> & {
  /** The claim the day runs under; its commit happens only while the claim holds. */
  lease?: string;
};

/**
 * One model-day end to end: find where the model stands (across jobs), run the agent, commit the
 * day atomically. Anything that throws before the commit leaves no row behind.
 */
export class ModelDayService {
  constructor(private readonly store: ModelDayStore) {}

  async run(request: ModelDayRequest): Promise<{ tradingDayId: number; record: ModelDayRecord }> {
    const { lease, ...input } = request;
    const day = { model: input.model, market: input.market.id, date: input.date };
    const start = await this.store.startingPoint(day, input.initialCash);
    const record = await runModelDay({ ...input, start });
    const tradingDayId = await this.store.saveDay(record, lease === undefined ? {} : { lease });
    return { tradingDayId, record };
  }
}
