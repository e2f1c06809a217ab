import type { JobFieldUpdate } from './job-store.js';
import type { Job, JobDetail } from './job-types.js';

/**
 * A lease asked for: who holds it (a token unique to this one claim, see `WorkerIdentity`) and
 * until when, with the clock it was asked by. All times are ISO-8601 UTC.
 */
export interface LeaseTerms {
  token: string;
  until: string;
  now: string;
}

/** A model-day a worker claimed: it runs it under `lease` until it commits, fails, or loses it. */
export interface ClaimedDay {
  jobId: string;
  date: string;
  model: string;
  lease: string;
}

/**
 * Which model-days a claim may take. A worker leaves the days of jobs it runs enough of (`skipJobs`)
 * and of external models (`exceptModels`: their clients claim them over MCP); an external client
 * claims only its own model's days (`models`).
 */
export interface DayScope {
  skipJobs?: readonly string[];
  models?: readonly string[];
  exceptModels?: readonly string[];
}

/** How a job that has no work left ends; the application's rule, applied inside the store's transaction. */
export interface SettleRule {
  now: string;
  /** Why the pending days of a cancelled job are skipped. */
  cancelledReason: string;
  /** The job's final fields from its model-days (all terminal by then). */
  close(job: Job, details: readonly JobDetail[]): JobFieldUpdate;
}

/**
 * Work handed out through the database, so any number of worker processes can share it. Every claim
 * is a lease: it holds while renewed, and once it expires (its worker died) recovery hands the work
 * to whoever asks next. Implementations make each method atomic across processes.
 */
export interface JobClaims {
  /** The oldest `pending` job moves to `downloading_data` under this lease; undefined when none is. */
  claimPreparation(lease: LeaseTerms): Promise<Job | undefined>;
  /** `downloading_data` -> `running`, only while `token` still holds the job; false when it lost it. */
  startRunning(jobId: string, token: string, now: string): Promise<boolean>;
  /**
   * The first model-day that may run now, moved to `running` under this lease. A day may run when its
   * job is `running` and not cancelled, it is `pending`, no earlier day of its model in its job is
   * pending or running, no day of its model runs under a live lease anywhere, and no older active job
   * still has the model's days to run: a model's days run one at a time, in date order, jobs in the
   * order they were created. Only days within `scope` are taken.
   */
  claimDay(lease: LeaseTerms, scope?: DayScope): Promise<ClaimedDay | undefined>;
  /** Extends the leases of `tokens` to `until`; answers the tokens still held (the rest were lost). */
  renew(tokens: readonly string[], until: string): Promise<Set<string>>;
  /** Lets the leases of these tokens, or of every claim of these workers, expire now. */
  expire(holders: { tokens?: readonly string[]; workers?: readonly string[] }): Promise<void>;
  /** The tokens holding a live lease on a day or a preparation, for telling dead workers apart. */
  liveHolders(now: string): Promise<string[]>;
  /**
   * Hands back the work of expired leases, except those of `keep` (the caller's own, which it renews
   * as soon as the database lets it): running days become `pending` again, preparing jobs `pending`,
   * and each job concerned gets `warning`. Answers the jobs.
   */
  recoverExpired(now: string, keep: readonly string[], warning: string): Promise<string[]>;
  /**
   * Ends the day `token` runs as `failed`, unless the lease was lost meanwhile (then false: its new
   * holder decides).
   */
  failDay(
    day: { jobId: string; date: string; model: string },
    token: string,
    fields: { error: string; completedAt: string; durationSeconds?: number | null },
  ): Promise<boolean>;
  /**
   * Closes a `running` job that has no work left (a cancelled one: none running; its pending days
   * are skipped first), exactly once whoever asks: the job, or undefined when it was not settled or
   * someone else closed it.
   */
  closeWhenSettled(jobId: string, rule: SettleRule): Promise<Job | undefined>;
  /** `running` jobs with no work left: nothing pending or running (cancelled: nothing running). */
  settledJobs(): Promise<string[]>;
  /**
   * Ends `failed`, with `error`, the pending days of `models` (external ones, which wait for an MCP
   * client) in running jobs left with nothing else to run and untouched since `idleBefore`; answers
   * those jobs.
   */
  failUnclaimed(models: readonly string[], idleBefore: string, now: string, error: string): Promise<string[]>;
}

/** The database says another worker holds (or recovered) the model-day this worker was committing. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  constructor(day: { jobId: string; date: string; model: string }) {
    super(
      `the lease on ${day.model} ${day.date} of job ${day.jobId} was lost: another worker runs it now, so this run is not committed`,
    );
  }
}
