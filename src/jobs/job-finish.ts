import { finalJobStatus } from './final-status.js';
import type { JobFieldUpdate } from './job-store.js';
import type { JobRuntimeDeps } from './job-runtime.js';
import type { Job, JobDetail } from './job-types.js';

export const NO_DATES_ERROR = 'No trading dates available after price data preparation';
export const CANCELLED_ERROR = 'Cancelled by user';
export const CANCELLED_REASON = 'Cancelled';

/**
 * The last step of a job, taken by whichever worker sees it has no work left (the end of its last
 * model-day, or a cancel with nothing running): its final status from its model-days (a cancelled
 * job's unstarted days end `skipped`), its error, completion time and duration. The database closes
 * it once, however many workers ask; answers the job when this call closed it.
 */
export async function settleJob(
  jobId: string,
  deps: Pick<JobRuntimeDeps, 'claims' | 'now' | 'logger'>,
): Promise<Job | undefined> {
  const now = deps.now();
  const closed = await deps.claims.closeWhenSettled(jobId, {
    now: now.toISOString(),
    cancelledReason: CANCELLED_REASON,
    close: (job, details) => finalFields(job, details, now),
  });
  if (closed) {
    deps.logger.info(
      { job_id: jobId, status: closed.status, duration_seconds: closed.totalDurationSeconds },
      'job finished',
    );
  }
  return closed;
}

/** The final fields of a job whose model-days are all terminal. */
export function finalFields(job: Job, details: readonly JobDetail[], now: Date): JobFieldUpdate {
  const cancelled = job.cancelRequested;
  const timing = { completedAt: now.toISOString(), totalDurationSeconds: durationOf(job, now) };
  if (!cancelled && !details.some((d) => d.status === 'completed' || d.status === 'failed')) {
    // Nothing ran: every day was skipped (no prices) or there was none left.
    return { status: 'failed', error: NO_DATES_ERROR, ...timing };
  }
  return {
    status: finalJobStatus(details, { cancelled }),
    error: cancelled ? CANCELLED_ERROR : failureSummary(details),
    ...timing,
  };
}

/**
 * Ends a job that stopped on an error (the database refusing a write, mostly): its unstarted
 * model-days end `skipped` and those still `running` `failed`, both with the cause, and the job ends
 * `partial` if some days completed, else `failed`, with `Job failed: <cause>`. Every step is safe to
 * repeat, so the scheduler can call it until the database accepts the writes. Unstarted days are
 * skipped first: a claim in flight then either ran first (its day is failed below) or finds nothing.
 */
export async function closeFailedJob(jobId: string, deps: JobRuntimeDeps, cause: string): Promise<void> {
  const at = deps.now().toISOString();
  await deps.jobs.skipPending(jobId, `Job failed: ${cause}`, at);
  for (const day of (await deps.jobs.details(jobId)).filter((d) => d.status === 'running')) {
    await deps.jobs.setDetail(jobId, day, 'failed', { error: `Execution failed: ${cause}`, completedAt: at });
  }
  const details = await deps.jobs.details(jobId);
  const job = await deps.jobs.get(jobId);
  const now = deps.now();
  const status = details.some((d) => d.status === 'completed') ? 'partial' : 'failed';
  const closed = await deps.jobs.closeJob(
    jobId,
    {
      status,
      error: `Job failed: ${cause}`,
      completedAt: now.toISOString(),
      totalDurationSeconds: job ? durationOf(job, now) : 0,
    },
    now.toISOString(),
  );
  if (closed) deps.logger.info({ job_id: jobId, status }, 'job finished');
}

function durationOf(job: Pick<Job, 'startedAt'>, now: Date): number {
  return job.startedAt ? Math.max(0, (now.getTime() - Date.parse(job.startedAt)) / 1000) : 0;
}

function failureSummary(details: readonly Pick<JobDetail, 'status'>[]): string | null {
  const failed = details.filter((d) => d.status === 'failed').length;
  return failed > 0 ? `${failed} of ${details.length} model-days failed` : null;
}
