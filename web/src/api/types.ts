/**
 * The shapes the dashboard reads. The server's own contract types (z.infer of the zod schemas that
 * validate and document the API) are imported as types only, so the build carries no server code
 * and a change of the API fails `npm run typecheck` here instead of at run time. The job event
 * stream's events have no zod schema on the server (they are written by routes/events.ts), so they
 * are described here.
 */
import type { ErrorBody, ValidationIssue } from '../../../src/http/contract/common.js';
import type { HealthResponse } from '../../../src/http/contract/health.js';
import type { JobListResponse, JobSummary } from '../../../src/http/contract/jobs.js';
import type {
  BenchmarkResponse,
  DayResultResponse,
  LeaderboardEntryResponse,
  LeaderboardResponse,
  RangeResultResponse,
  ReasoningMessageResponse,
  ResultsResponse,
} from '../../../src/http/contract/results.js';
import type { JobStatusResponse, TriggerResponse } from '../../../src/http/contract/simulate.js';

export type {
  BenchmarkResponse,
  ErrorBody,
  HealthResponse,
  JobListResponse,
  JobStatusResponse,
  JobSummary,
  LeaderboardEntryResponse,
  LeaderboardResponse,
  RangeResultResponse,
  ReasoningMessageResponse,
  ResultsResponse,
  TriggerResponse,
  ValidationIssue,
};

export type JobState = JobStatusResponse['status'];
export type ModelDayState = JobStatusResponse['details'][number]['status'];
export type JobDetail = JobStatusResponse['details'][number];

/** One model-day as `GET /results?start_date=D&end_date=D&model=M&reasoning=full` answers it. */
export type DayResult = DayResultResponse;
export type RefusedToolCall = DayResultResponse['tool_calls_refused'][number];

/** `event: progress` of `GET /simulate/status/{job_id}/events`. */
export interface JobProgressEvent {
  job_id: string;
  status: JobState;
  progress: JobStatusResponse['progress'];
  warnings: string[] | null;
  error: string | null;
  started_at: string | null;
  completed_at: string | null;
}

/** `event: model_day` of the same stream: a model-day started or ended. */
export interface ModelDayEvent {
  job_id: string;
  date: string;
  model: string;
  status: ModelDayState;
  error: string | null;
  started_at: string | null;
  completed_at: string | null;
  duration_seconds: number | null;
  profit: number | null;
  return_pct: number | null;
  portfolio_value: number | null;
}

export const ACTIVE_JOB_STATES: readonly JobState[] = ['pending', 'downloading_data', 'running'];
export const isActiveJob = (state: JobState): boolean => ACTIVE_JOB_STATES.includes(state);

/** Range mode answers one item per model; one date answers model-days. */
export const isRangeResult = (item: ResultsResponse['results'][number]): item is RangeResultResponse =>
  'daily_portfolio_values' in item;
