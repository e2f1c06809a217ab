import type { MarketId } from '../core/markets/market.js';
import type { JobFieldUpdate, JobStore } from './job-store.js';
import type { DetailStatus, Job, JobDetail, JobStatus, NewJob, PlannedModelDay } from './job-types.js';
import type { TransientRetry } from './transient-retry.js';

/**
 * The job store a running job writes its progress through: reads and idempotent writes are retried
 * after a transient database fault, so a dropped connection costs a wait, not the job. Creating and
 * claiming work (see `RetryingJobClaims`) are not retried here (a lost acknowledgement could make them
 * happen twice); their callers (a trigger, the scheduler's next poll) simply ask again.
 */
export class RetryingJobStore implements JobStore {
  constructor(
    private readonly store: JobStore,
    private readonly retry: TransientRetry,
  ) {}

  #retried<T>(jobId: string | undefined, operation: () => Promise<T>): Promise<T> {
    return this.retry.run('job update', jobId === undefined ? {} : { job_id: jobId }, operation);
  }

  createIfSlotFree(job: NewJob, details: readonly PlannedModelDay[], maxActive: number): Promise<boolean> {
    return this.store.createIfSlotFree(job, details, maxActive);
  }

  rehearseCreate(job: NewJob, details: readonly PlannedModelDay[]): Promise<void> {
    return this.store.rehearseCreate(job, details);
  }

  get(jobId: string): Promise<Job | undefined> {
    return this.#retried(jobId, () => this.store.get(jobId));
  }

  list(options: {
    limit: number;
    offset: number;
    status?: JobStatus;
  }): Promise<{ jobs: Job[]; total: number }> {
    return this.#retried(undefined, () => this.store.list(options));
  }

  details(jobId: string): Promise<JobDetail[]> {
    return this.#retried(jobId, () => this.store.details(jobId));
  }

  fingerprint(jobId: string): Promise<string | undefined> {
    return this.#retried(jobId, () => this.store.fingerprint(jobId));
  }

  activeJobs(): Promise<Job[]> {
    return this.#retried(undefined, () => this.store.activeJobs());
  }

  closeJob(
    jobId: string,
    fields: JobFieldUpdate,
    now: string,
    from?: readonly JobStatus[],
  ): Promise<boolean> {
    return this.#retried(jobId, () => this.store.closeJob(jobId, fields, now, from));
  }

  completeDay(
    jobId: string,
    day: PlannedModelDay,
    fields: Parameters<JobStore['completeDay']>[2],
    lease?: string,
  ): Promise<void> {
    return this.#retried(jobId, () => this.store.completeDay(jobId, day, fields, lease));
  }

  update(jobId: string, fields: JobFieldUpdate, now: string): Promise<void> {
    return this.#retried(jobId, () => this.store.update(jobId, fields, now));
  }

  addWarnings(jobId: string, warnings: readonly string[], now: string): Promise<void> {
    return this.#retried(jobId, () => this.store.addWarnings(jobId, warnings, now));
  }

  setDetail(
    jobId: string,
    day: PlannedModelDay,
    status: DetailStatus,
    fields: Parameters<JobStore['setDetail']>[3],
  ): Promise<void> {
    return this.#retried(jobId, () => this.store.setDetail(jobId, day, status, fields));
  }

  skipPending(jobId: string, reason: string, now: string, dates?: readonly string[]): Promise<number> {
    return this.#retried(jobId, () => this.store.skipPending(jobId, reason, now, dates));
  }

  requestCancel(jobId: string, now: string): Promise<void> {
    return this.#retried(jobId, () => this.store.requestCancel(jobId, now));
  }

  takenModelDays(
    market: MarketId,
    models: readonly string[],
    dates: { startDate: string | null; endDate: string },
  ): Promise<Set<string>> {
    return this.#retried(undefined, () => this.store.takenModelDays(market, models, dates));
  }
}
