import type { ModelDayStore } from '../simulation/model-day-store.js';
import type { TransientRetry } from './transient-retry.js';
import type { UnitOfWork } from './unit-of-work.js';

/**
 * The model-day store a job's days go through: saving a day also moves its job detail to
 * `completed`, in the same transaction, so a written day is never one its job still thinks is
 * running, nor a completed detail one without its rows.
 *
 * With a lease, the detail is completed first, and only while that claim still holds the day: a
 * worker whose lease expired (frozen, cut off from the database) and was taken over finds out here,
 * and its transaction rolls back (`LeaseLostError`) before any row is written, so a day is never
 * committed twice, whoever runs it.
 *
 * With `retry`, a transient database fault (a dropped connection, a restart) costs a wait, not the
 * day: reading the starting point and the commit are tried again. A commit whose acknowledgement was
 * lost may have gone through; the store recognises its own earlier write and does not write the
 * day twice (see `KyselyModelDayStore.saveDay`).
 */
export function jobDayStore(
  store: Pick<ModelDayStore, 'startingPoint'>,
  uow: UnitOfWork,
  retry?: TransientRetry,
): ModelDayStore {
  const retried = <T>(context: object, operation: () => Promise<T>): Promise<T> =>
    retry ? retry.run('model-day', context, operation) : operation();
  return {
    startingPoint: (day, initialCash) =>
      retried({ model: day.model, date: day.date }, () => store.startingPoint(day, initialCash)),
    saveDay: (record, options = {}) =>
      retried({ job_id: record.jobId, model: record.model, date: record.date }, () =>
        uow.run(async (tx) => {
          const day = { date: record.date, model: record.model };
          await tx.jobs.completeDay(
            record.jobId,
            day,
            {
              startedAt: record.startedAt,
              completedAt: record.completedAt,
              durationSeconds: record.sessionDurationSeconds,
            },
            options.lease,
          );
          return tx.modelDays.saveDay(record);
        }),
      ),
  };
}
