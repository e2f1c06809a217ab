/**
 * The shapes the dashboard reads. The server's own contract types (z.infer of the zod schemas that
 * validate and document the API, the job event stream's included) are imported as types only, so
 * the build carries no server code and a change of the API fails `npm run typecheck` here instead
 * of at run time. The one value taken from the server is its list of active job statuses, from a
 * module that imports nothing at run time.
 */
import type { ErrorBody, ValidationIssue } from '../../../src/http/contract/common.js';
import type { JobProgressEvent, ModelDayEvent } from '../../../src/http/contract/events.js';
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
import { ACTIVE_JOB_STATUSES } from '../../../src/jobs/lifecycle.js';

export type {
  BenchmarkResponse,
  ErrorBody,
  HealthResponse,
  JobListResponse,
  JobProgressEvent,
  JobStatusResponse,
  JobSummary,
  LeaderboardEntryResponse,
  LeaderboardResponse,
  ModelDayEvent,
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

/** Pending, downloading or running: the job may still change, so the page keeps following it. */
export const isActiveJob = (state: JobState): boolean => ACTIVE_JOB_STATUSES.includes(state);

/** Range mode answers one item per model; one date answers model-days. */
export const isRangeResult = (item: ResultsResponse['results'][number]): item is RangeResultResponse =>
  'daily_portfolio_values' in item;
