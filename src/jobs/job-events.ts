/**
 * A job's life as a sequence of events, read from the database alone, so it can be followed from any
 * process: where it stands now, then each change of its status or progress, each model-day as it
 * starts and ends (with the day's P&L once committed), and its end.
 */
import type { DayOutcome, JobStore } from './job-store.js';
import type { JobReport } from './job-service.js';
import { modelDayKey, type Job, type JobDetail } from './job-types.js';
import { isTerminalJobStatus, jobProgress, type JobProgress } from './lifecycle.js';

export type JobEvent =
  | { type: 'status'; report: JobReport }
  | { type: 'progress'; job: Job; progress: JobProgress }
  | { type: 'model_day'; jobId: string; detail: JobDetail; outcome: DayOutcome | null }
  | { type: 'end'; report: JobReport };

export interface JobEventSource {
  status(jobId: string): Promise<JobReport>;
  statusFingerprint(jobId: string): Promise<string>;
}

export interface JobEventFeedOptions {
  /** How often the database is asked whether anything changed. */
  pollMs?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export class JobEventFeed {
  constructor(
    private readonly jobs: JobEventSource,
    private readonly days: Pick<JobStore, 'dayOutcomes'>,
    private readonly options: JobEventFeedOptions = {},
  ) {}

  /**
   * Events until the job ends or `signal` fires. The first is always `status` (the whole job); an
   * unknown job throws before any event, so the caller can answer 404.
   */
  async *follow(jobId: string, signal: AbortSignal, first?: JobReport): AsyncGenerator<JobEvent> {
    let report = first ?? (await this.jobs.status(jobId));
    yield { type: 'status', report };
    let fingerprint = await this.jobs.statusFingerprint(jobId);
    const sleep = this.options.sleep ?? abortableDelay;
    while (!isTerminalJobStatus(report.job.status)) {
      await sleep(this.options.pollMs ?? 250, signal);
      if (signal.aborted) return;
      const current = await this.jobs.statusFingerprint(jobId);
      if (current === fingerprint) continue;
      fingerprint = current;
      const next = await this.jobs.status(jobId);
      yield* this.changes(report, next);
      report = next;
    }
    yield { type: 'end', report };
  }

  private async *changes(before: JobReport, after: JobReport): AsyncGenerator<JobEvent> {
    const previous = new Map(before.details.map((d) => [modelDayKey(d), d.status]));
    const moved = after.details.filter((d) => previous.get(modelDayKey(d)) !== d.status);
    const completed = moved.filter((d) => d.status === 'completed');
    const outcomes =
      completed.length > 0 ? await this.days.dayOutcomes(after.job.jobId, completed) : new Map();
    for (const detail of moved) {
      yield {
        type: 'model_day',
        jobId: after.job.jobId,
        detail,
        outcome: outcomes.get(modelDayKey(detail)) ?? null,
      };
    }
    const was = jobProgress(before.details);
    const now = jobProgress(after.details);
    const jobChanged =
      before.job.status !== after.job.status ||
      before.job.error !== after.job.error ||
      before.job.warnings.length !== after.job.warnings.length ||
      (Object.keys(now) as (keyof JobProgress)[]).some((k) => now[k] !== was[k]);
    if (jobChanged) yield { type: 'progress', job: after.job, progress: now };
  }
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
