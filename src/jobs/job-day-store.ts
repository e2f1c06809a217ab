import type { ModelDayStore } from '../simulation/model-day-store.js';
import type { UnitOfWork } from './unit-of-work.js';

/**
 * The model-day store a job's days go through: saving a day also moves its job detail to
 * `completed`, in the same transaction, so a written day is never one its job still thinks is
 * running, nor a completed detail one without its rows.
 */
export function jobDayStore(store: Pick<ModelDayStore, 'startingPoint'>, uow: UnitOfWork): ModelDayStore {
  return {
    startingPoint: (model, date, initialCash) => store.startingPoint(model, date, initialCash),
    saveDay: (record) =>
      uow.run(async (tx) => {
        const id = await tx.modelDays.saveDay(record);
        await tx.jobs.setDetail(record.jobId, { date: record.date, model: record.model }, 'completed', {
          error: null,
          startedAt: record.startedAt,
          completedAt: record.completedAt,
          durationSeconds: record.sessionDurationSeconds,
        });
        return id;
      }),
  };
}
