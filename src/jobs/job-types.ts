import type { MarketId } from '../core/markets/market.js';

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
export const TERMINAL_DETAIL_STATUSES: readonly DetailStatus[] = ['completed', 'failed', 'skipped'];

export interface Job {
  jobId: string;
  status: JobStatus;
  /** The market it trades; every model-day of a job is in it. */
  market: MarketId;
  dateRange: string[];
  models: string[];
  createdAt: string;
  startedAt: string | null;
  updatedAt: string;
  completedAt: string | null;
  totalDurationSeconds: number | null;
  error: string | null;
  warnings: string[];
  resumeMode: boolean;
  cancelRequested: boolean;
}

export interface JobDetail {
  date: string;
  model: string;
  status: DetailStatus;
  error: string | null;
  startedAt: string | null;
  completedAt: string | null;
  durationSeconds: number | null;
}

export interface PlannedModelDay {
  date: string;
  model: string;
}

export interface NewJob {
  jobId: string;
  market: MarketId;
  dateRange: string[];
  models: string[];
  request: unknown;
  configSnapshot: unknown;
  resumeMode: boolean;
  warnings: string[];
  createdAt: string;
}
