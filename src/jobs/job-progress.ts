import type { JobDetail } from './job-types.js';

/** A job's model-days by state: running ones count as pending; skipped ones (no data, cancelled) apart. */
export interface JobProgress {
  total: number;
  completed: number;
  failed: number;
  pending: number;
  skipped: number;
}

export function jobProgress(details: readonly Pick<JobDetail, 'status'>[]): JobProgress {
  const progress = { total: details.length, completed: 0, failed: 0, pending: 0, skipped: 0 };
  for (const { status } of details) {
    if (status === 'running') progress.pending += 1;
    else progress[status] += 1;
  }
  return progress;
}
