import type { MarketId } from '../core/markets/market.js';
import type { DetailStatus, Job, JobDetail, JobStatus, NewJob, PlannedModelDay } from './job-types.js';

export interface JobFieldUpdate {
  status?: JobStatus;
  startedAt?: string;
  completedAt?: string;
  totalDurationSeconds?: number;
  error?: string | null;
}

/** Persistence of jobs and their model-days. Implementations make each method atomic. */
export interface JobStore {
  /**
   * Inserts the job and its details in one transaction, but only while fewer than `maxActive` jobs
   * are active; the check and the insert hold one write lock, so concurrent triggers cannot race.
   */
  createIfSlotFree(job: NewJob, details: readonly PlannedModelDay[], maxActive: number): Promise<boolean>;
  /** Runs `createIfSlotFree`'s statements and rolls them back: warms the path, leaves nothing. */
  rehearseCreate(job: NewJob, details: readonly PlannedModelDay[]): Promise<void>;
  get(jobId: string): Promise<Job | undefined>;
  list(options: {
    limit: number;
    offset: number;
    status?: JobStatus;
  }): Promise<{ jobs: Job[]; total: number }>;
  details(jobId: string): Promise<JobDetail[]>;
  /**
   * A short string that changes whenever the job or any of its model-days does (every write moves a
   * detail's status or the job row), cheaper to read than the details themselves; undefined for no job.
   */
  fingerprint(jobId: string): Promise<string | undefined>;
  activeJobs(): Promise<Job[]>;
  update(jobId: string, fields: JobFieldUpdate, now: string): Promise<void>;
  /**
   * Sets a final status (and the other fields), exactly once: false when the job was no longer in
   * one of `from` (default: any active status).
   */
  closeJob(jobId: string, fields: JobFieldUpdate, now: string, from?: readonly JobStatus[]): Promise<boolean>;
  /** Appends the warnings the job does not have yet (so adding is safe to repeat). */
  addWarnings(jobId: string, warnings: readonly string[], now: string): Promise<void>;
  setDetail(
    jobId: string,
    day: PlannedModelDay,
    status: DetailStatus,
    fields: {
      error?: string | null;
      startedAt?: string | null;
      completedAt?: string | null;
      durationSeconds?: number | null;
    },
  ): Promise<void>;
  /**
   * Marks a model-day `completed` with its timings. With `lease`, only while that claim still holds
   * the day (or already completed it: a retried commit); otherwise throws `LeaseLostError`, so the
   * transaction the day's rows are written in rolls back and the day is never committed twice.
   */
  completeDay(
    jobId: string,
    day: PlannedModelDay,
    fields: { startedAt: string; completedAt: string; durationSeconds: number | null },
    lease?: string,
  ): Promise<void>;
  /** Marks every still-pending detail of the job (optionally only these dates) skipped with a reason. */
  skipPending(jobId: string, reason: string, now: string, dates?: readonly string[]): Promise<number>;
  requestCancel(jobId: string, now: string): Promise<void>;
  /**
   * Model-days still pending or running in active jobs of `market`, among these models, dated up to
   * `dates.endDate` (and from `dates.startDate` when set), as `model|date`. Another market's days are
   * another portfolio's: they never stand in the way.
   */
  takenModelDays(
    market: MarketId,
    models: readonly string[],
    dates: { startDate: string | null; endDate: string },
  ): Promise<Set<string>>;
}

export const modelDayKey = (model: string, date: string): string => `${model}|${date}`;
