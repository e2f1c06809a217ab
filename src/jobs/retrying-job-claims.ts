import type { ClaimedDay, DayScope, JobClaims, LeaseTerms, SettleRule } from './job-claims.js';
import type { Job } from './job-types.js';
import type { TransientRetry } from './transient-retry.js';

/**
 * The claims a worker works through: what is safe to repeat (renewing, expiring, recovering, the
 * conditional ends of days and jobs, reads) is retried after a transient database fault. A claim is
 * not: its acknowledgement lost, it may have gone through, and asking again could claim a second
 * piece of work; the next poll asks anyway, and a claim nobody knows of expires and is recovered.
 */
export class RetryingJobClaims implements JobClaims {
  constructor(
    private readonly claims: JobClaims,
    private readonly retry: TransientRetry,
  ) {}

  #retried<T>(context: object, operation: () => Promise<T>): Promise<T> {
    return this.retry.run('job claim', context, operation);
  }

  claimPreparation(lease: LeaseTerms): Promise<Job | undefined> {
    return this.claims.claimPreparation(lease);
  }

  claimDay(lease: LeaseTerms, scope?: DayScope): Promise<ClaimedDay | undefined> {
    return this.claims.claimDay(lease, scope);
  }

  startRunning(jobId: string, token: string, now: string): Promise<boolean> {
    return this.#retried({ job_id: jobId }, () => this.claims.startRunning(jobId, token, now));
  }

  renew(tokens: readonly string[], until: string): Promise<Set<string>> {
    return this.#retried({}, () => this.claims.renew(tokens, until));
  }

  expire(holders: { tokens?: readonly string[]; workers?: readonly string[] }): Promise<void> {
    return this.#retried({}, () => this.claims.expire(holders));
  }

  liveHolders(now: string): Promise<string[]> {
    return this.#retried({}, () => this.claims.liveHolders(now));
  }

  recoverExpired(now: string, keep: readonly string[], warning: string): Promise<string[]> {
    return this.#retried({}, () => this.claims.recoverExpired(now, keep, warning));
  }

  failDay(
    day: { jobId: string; date: string; model: string },
    token: string,
    fields: { error: string; completedAt: string; durationSeconds?: number | null },
  ): Promise<boolean> {
    return this.#retried({ job_id: day.jobId, model: day.model, date: day.date }, () =>
      this.claims.failDay(day, token, fields),
    );
  }

  closeWhenSettled(jobId: string, rule: SettleRule): Promise<Job | undefined> {
    return this.#retried({ job_id: jobId }, () => this.claims.closeWhenSettled(jobId, rule));
  }

  settledJobs(): Promise<string[]> {
    return this.#retried({}, () => this.claims.settledJobs());
  }

  failUnclaimed(
    models: readonly string[],
    idleBefore: string,
    now: string,
    error: string,
  ): Promise<string[]> {
    return this.#retried({}, () => this.claims.failUnclaimed(models, idleBefore, now, error));
  }
}
