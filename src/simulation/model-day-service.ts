import type { ModelDayRecord } from './model-day-record.js';
import { runModelDay, type ModelDayInput } from './model-day-runner.js';
import type { ModelDayStore } from './model-day-store.js';

export type ModelDayRequest = Omit<ModelDayInput, 'start'>;

/**
 * One model-day end to end: find where the model stands (across jobs), run the agent, commit the
 * day atomically. Anything that throws before the commit leaves no row behind.
 */
export class ModelDayService {
  constructor(private readonly store: ModelDayStore) {}

  async run(request: ModelDayRequest): Promise<{ tradingDayId: number; record: ModelDayRecord }> {
    const start = await this.store.startingPoint(request.model, request.date, request.initialCash);
    const record = await runModelDay({ ...request, start });
    const tradingDayId = await this.store.saveDay(record);
    return { tradingDayId, record };
  }
}
