import type { DetailStatus, JobStatus } from './job-types.js';

/**
 * A finished job's status from its model-days: no failures -> completed; some completed -> partial;
 * otherwise failed. Skipped days (no data) are not failures; a cancelled job ends partial or failed.
 */
export function finalJobStatus(
  details: readonly { status: DetailStatus }[],
  options: { cancelled?: boolean } = {},
): JobStatus {
  const failed = details.some((d) => d.status === 'failed');
  const completed = details.some((d) => d.status === 'completed');
  // A cancelled job did not do all it was asked: never `completed`, so the original's status set holds.
  if (options.cancelled) return completed ? 'partial' : 'failed';
  if (!failed && completed) return 'completed';
  if (completed) return 'partial';
  return 'failed';
}
