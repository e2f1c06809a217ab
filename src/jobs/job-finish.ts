import { finalJobStatus } from './final-status.js';
import type { JobRuntimeDeps } from './job-runtime.js';
import type { Job, JobDetail } from './job-types.js';

export const NO_DATES_ERROR = 'No trading dates available after price data preparation';
export const CANCELLED_ERROR = 'Cancelled by user';
export const CANCELLED_REASON = 'Cancelled';

/**
 * The last step of a job: its final status from its model-days (a cancelled job's unstarted days end
 * `skipped`), its error, completion time and duration.
 */
export async function finishJob(job: Job, deps: JobRuntimeDeps): Promise<void> {
  const cancelled = (await deps.jobs.get(job.jobId))?.cancelRequested ?? false;
  if (cancelled) await deps.jobs.skipPending(job.jobId, CANCELLED_REASON, deps.now().toISOString());
  const details = await deps.jobs.details(job.jobId);
  if (!cancelled && !details.some((d) => d.status === 'completed' || d.status === 'failed')) {
    // Nothing ran: every day was skipped (no prices) or there was none left.
    return closeJob(job, deps, 'failed', NO_DATES_ERROR);
  }
  await closeJob(
    job,
    deps,
    finalJobStatus(details, { cancelled }),
    cancelled ? CANCELLED_ERROR : failureSummary(details),
  );
}

/**
 * Ends a job that stopped on an error (the database refusing a write, mostly): its model-days still
 * `running` end `failed` and the unstarted ones `skipped`, both with the cause, and the job ends
 * `partial` if some days completed, else `failed`, with `Job failed: <cause>`. Every step is safe to
 * repeat, so the scheduler can call it until the database accepts the writes.
 */
export async function closeFailedJob(job: Job, deps: JobRuntimeDeps, cause: string): Promise<void> {
  const at = deps.now().toISOString();
  for (const day of (await deps.jobs.details(job.jobId)).filter((d) => d.status === 'running')) {
    await deps.jobs.setDetail(job.jobId, day, 'failed', {
      error: `Execution failed: ${cause}`,
      completedAt: at,
    });
  }
  await deps.jobs.skipPending(job.jobId, `Job failed: ${cause}`, at);
  const completed = (await deps.jobs.details(job.jobId)).some((d) => d.status === 'completed');
  await closeJob(job, deps, completed ? 'partial' : 'failed', `Job failed: ${cause}`);
}

async function closeJob(
  job: Job,
  deps: JobRuntimeDeps,
  status: Job['status'],
  error: string | null,
): Promise<void> {
  const now = deps.now();
  const started = (await deps.jobs.get(job.jobId))?.startedAt ?? job.startedAt;
  const duration = started ? Math.max(0, (now.getTime() - Date.parse(started)) / 1000) : 0;
  await deps.jobs.update(
    job.jobId,
    { status, error, completedAt: now.toISOString(), totalDurationSeconds: duration },
    now.toISOString(),
  );
  deps.logger.info({ job_id: job.jobId, status, duration_seconds: duration }, 'job finished');
}

function failureSummary(details: readonly Pick<JobDetail, 'status'>[]): string | null {
  const failed = details.filter((d) => d.status === 'failed').length;
  return failed > 0 ? `${failed} of ${details.length} model-days failed` : null;
}
