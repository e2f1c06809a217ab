import type { DetailStatus, JobStatus } from './job-types.js';

/**
 * A finished job's status from its model-days: no failures -> completed; some completed -> partial;
 * otherwise failed. Skipped days (no data, cancelled) are not failures.
 */
export function finalJobStatus(details: readonly { status: DetailStatus }[]): JobStatus {
  const failed = details.some((d) => d.status === 'failed');
  const completed = details.some((d) => d.status === 'completed');
  if (!failed && completed) return 'completed';
  if (completed) return 'partial';
  return 'failed';
}
