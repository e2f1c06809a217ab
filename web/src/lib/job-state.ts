/**
 * A followed job's status, kept current from whichever source is talking: a whole status (the
 * stream's `status` and `end` events, or a poll of GET /simulate/status), a `progress` event, or a
 * `model_day` event for one model-day.
 */
import type { JobDetail, JobProgressEvent, JobStatusResponse, ModelDayEvent } from '../api/types.js';

export type JobUpdate =
  | { kind: 'status'; status: JobStatusResponse }
  | { kind: 'progress'; event: JobProgressEvent }
  | { kind: 'model_day'; event: ModelDayEvent };

export function applyJobUpdate(
  current: JobStatusResponse | null,
  update: JobUpdate,
): JobStatusResponse | null {
  switch (update.kind) {
    case 'status':
      return update.status;
    case 'progress': {
      if (current === null || current.job_id !== update.event.job_id) return current;
      const { status, progress, warnings, error, started_at, completed_at } = update.event;
      return { ...current, status, progress, warnings, error, started_at, completed_at };
    }
    case 'model_day': {
      if (current === null || current.job_id !== update.event.job_id) return current;
      const { date, model, status, error, started_at, completed_at, duration_seconds } = update.event;
      const detail: JobDetail = { date, model, status, error, started_at, completed_at, duration_seconds };
      const index = current.details.findIndex((d) => d.date === date && d.model === model);
      const details =
        index === -1
          ? [...current.details, detail]
          : current.details.map((d, i) => (i === index ? detail : d));
      return { ...current, details };
    }
  }
}

/** How far a job has come: finished model-days (completed, failed or skipped) out of all of them. */
export function finishedModelDays(status: JobStatusResponse): { done: number; total: number } {
  const { total_model_days, completed, failed, skipped } = status.progress;
  return { done: completed + failed + skipped, total: total_model_days };
}
