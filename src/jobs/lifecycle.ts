import { secondsSince } from '../core/dates.js';

/**
 * A job's life, as data and pure functions: its statuses and those of its model-days, which moves
 * between them are allowed, its progress, and how it ends. Every status a store writes is checked
 * against `JOB_MOVES` / `DETAIL_MOVES` first (see `assertMove`), so an illegal move cannot be written.
 */

/** Every job status, in lifecycle order (the original server's set). */
export const JOB_STATUSES = [
  'pending',
  'downloading_data',
  'running',
  'completed',
  'partial',
  'failed',
] as const;
/** Every model-day status. */
export const DETAIL_STATUSES = ['pending', 'running', 'completed', 'failed', 'skipped'] as const;

export type JobStatus = (typeof JOB_STATUSES)[number];
export type DetailStatus = (typeof DETAIL_STATUSES)[number];

/** `pending`, `downloading_data` and `running` all hold a slot: the one definition of "active". */
export const ACTIVE_JOB_STATUSES: readonly JobStatus[] = ['pending', 'downloading_data', 'running'];
export const isTerminalJobStatus = (status: JobStatus): boolean => !ACTIVE_JOB_STATUSES.includes(status);
/** A model-day still to run, or running: it keeps its job from ending. */
export const UNFINISHED_DETAIL_STATUSES: readonly DetailStatus[] = ['pending', 'running'];

/**
 * The moves a job may make, and why each happens:
 * - pending -> downloading_data: a worker claims its preparation;
 * - pending -> failed: cancelled before any worker took it;
 * - pending -> partial: a job handed back after its worker died, with committed days, stopped on
 *   an error before a worker took it again;
 * - downloading_data -> running: prepared, its model-days are anyone's to claim;
 * - downloading_data -> pending: its worker's lease lapsed, the next worker prepares it again;
 * - downloading_data -> partial | failed: the preparation crashed (partial when a resumed job had
 *   committed days);
 * - running -> completed | partial | failed: no work left (or a crash that cannot be recorded
 *   otherwise), the final status from its model-days.
 */
export const JOB_MOVES: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  pending: ['downloading_data', 'failed', 'partial'],
  downloading_data: ['running', 'pending', 'partial', 'failed'],
  running: ['completed', 'partial', 'failed'],
  completed: [],
  partial: [],
  failed: [],
};

/**
 * The moves a model-day may make:
 * - pending -> running: claimed under a lease;
 * - pending -> skipped: no prices for its date, its job cancelled or failed;
 * - pending -> failed: an external model's day nobody claimed over MCP in time;
 * - running -> completed: committed with its rows;
 * - running -> failed: the agent failed, or its job did;
 * - running -> pending: its lease lapsed (the worker died), handed back.
 */
export const DETAIL_MOVES: Readonly<Record<DetailStatus, readonly DetailStatus[]>> = {
  pending: ['running', 'skipped', 'failed'],
  running: ['completed', 'failed', 'pending'],
  completed: [],
  failed: [],
  skipped: [],
};

/**
 * Whether a row in `from` may be written `to`. Staying put is allowed: a write retried after its
 * acknowledgement was lost finds its own change (a day completed by its own earlier attempt).
 */
export function mayMove<S extends string>(moves: Readonly<Record<S, readonly S[]>>, from: S, to: S): boolean {
  return from === to || moves[from].includes(to);
}

/** An attempt to write a move the lifecycle forbids: a bug, never a user's doing. */
export class IllegalMoveError extends Error {
  override readonly name = 'IllegalMoveError';
}

/** Throws unless every status of `from` may move `to`; answers `from` for the statement's guard. */
export function assertMove<S extends string>(
  what: 'job' | 'model-day',
  moves: Readonly<Record<S, readonly S[]>>,
  from: readonly S[],
  to: S,
): S[] {
  const illegal = from.filter((status) => !mayMove(moves, status, to));
  if (illegal.length > 0)
    throw new IllegalMoveError(`a ${what} cannot move from ${illegal.join(', ')} to ${to}`);
  return [...from];
}

/** A job's model-days by state: running ones count as pending; skipped ones (no data, cancelled) apart. */
export interface JobProgress {
  total: number;
  completed: number;
  failed: number;
  pending: number;
  skipped: number;
}

export function jobProgress(details: readonly { status: DetailStatus }[]): JobProgress {
  const progress = { total: details.length, completed: 0, failed: 0, pending: 0, skipped: 0 };
  for (const { status } of details) {
    if (status === 'running') progress.pending += 1;
    else progress[status] += 1;
  }
  return progress;
}

export const NO_DATES_ERROR = 'No trading dates available after price data preparation';
export const CANCELLED_ERROR = 'Cancelled by user';
/** Why the unstarted model-days of a cancelled job are skipped. */
export const CANCELLED_REASON = 'Cancelled';

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

/** The warning a job gets when work its worker left (a crash, a restart) is taken over. */
export const RESUMED_WARNING = (at: string): string =>
  `Job interrupted by a server restart; resumed at ${at}. Model-days that were in progress were re-run from their last committed state.`;

/** The fields a job's end writes besides its status. */
export interface JobEnd {
  status: JobStatus;
  error: string | null;
  completedAt: string;
  totalDurationSeconds: number;
}

/**
 * Why a job ends: `settled`, its model-days all terminal (a cancelled one's unstarted days skipped);
 * `failed`, stopped on an error (its unstarted days skipped, its running ones failed); or
 * `cancelled-before-start`, cancelled while no worker had taken it.
 */
export type JobEndReason =
  { kind: 'settled' } | { kind: 'failed'; cause: string } | { kind: 'cancelled-before-start' };

/** A job's last fields: its final status, error and timing, from its model-days as they end. */
export function jobEnd(
  reason: JobEndReason,
  job: { startedAt: string | null; cancelRequested: boolean },
  details: readonly { status: DetailStatus }[],
  now: Date,
): JobEnd {
  const completedAt = now.toISOString();
  if (reason.kind === 'cancelled-before-start')
    return { status: 'failed', error: CANCELLED_ERROR, completedAt, totalDurationSeconds: 0 };
  const timing = { completedAt, totalDurationSeconds: secondsSince(job.startedAt, now) };
  const completed = details.some((d) => d.status === 'completed');
  if (reason.kind === 'failed')
    return { status: completed ? 'partial' : 'failed', error: jobFailedError(reason.cause), ...timing };
  const cancelled = job.cancelRequested;
  if (!cancelled && !details.some((d) => d.status === 'completed' || d.status === 'failed')) {
    // Nothing ran: every day was skipped (no prices) or there was none left.
    return { status: 'failed', error: NO_DATES_ERROR, ...timing };
  }
  const failed = details.filter((d) => d.status === 'failed').length;
  const summary = failed > 0 ? `${failed} of ${details.length} model-days failed` : null;
  return {
    status: finalJobStatus(details, { cancelled }),
    error: cancelled ? CANCELLED_ERROR : summary,
    ...timing,
  };
}

/** A failed job's error, also the reason its unstarted model-days are skipped. */
export const jobFailedError = (cause: string): string => `Job failed: ${cause}`;
/** The error of a model-day still running when its job failed. */
export const dayFailedError = (cause: string): string => `Execution failed: ${cause}`;
