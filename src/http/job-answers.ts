/**
 * Jobs as the original server wrote them on the wire: the domain's jobs and model-days mapped onto
 * the field names, order and conventions (`null` for no warnings) of the HTTP contract.
 */
import type { Deployment } from '../app/container.js';
import type { MarketId } from '../core/markets/market.js';
import type { DayOutcome } from '../jobs/job-store.js';
import { jobProgress, type JobProgress } from '../jobs/lifecycle.js';
import { baseModels, parsePortfolioKey, runCount, runField } from '../core/runs.js';
import type { CreatedJob, JobReport } from '../jobs/job-service.js';
import type { Job, JobDetail } from '../jobs/job-types.js';
import type { DeploymentFields } from './contract/common.js';
import type { JobProgressEvent, ModelDayEvent } from './contract/events.js';
import type { JobSummary } from './contract/jobs.js';
import type {
  DetailResponse,
  JobStatusResponse,
  ProgressResponse,
  TriggerResponse,
} from './contract/simulate.js';
import { DEFAULT_DETAILS_VIEW, selectDetails, type DetailsView } from './status-details.js';

export function deploymentFields(deployment: Deployment): DeploymentFields {
  const dev = deployment.mode === 'DEV';
  return {
    deployment_mode: deployment.mode,
    is_dev_mode: dev,
    // The original answered null outside DEV mode, where the setting means nothing.
    preserve_dev_data: dev ? deployment.preserveDevData : null,
  };
}

const warningsOrNull = (warnings: readonly string[]): string[] | null =>
  warnings.length === 0 ? null : [...warnings];

export function triggerAnswer(created: CreatedJob, deployment: Deployment): TriggerResponse {
  const resume = created.resumeMode ? ' (resume mode)' : '';
  const runs = (created.repeats ?? 1) > 1 ? `, ${created.repeats} runs each` : '';
  return {
    job_id: created.jobId,
    status: 'pending',
    total_model_days: created.totalModelDays,
    message: `Simulation job created for ${created.dateCount} dates, ${created.modelCount} models${runs}${resume}`,
    warnings: warningsOrNull(created.warnings),
    ...deploymentFields(deployment),
    ...repeatsField(created.repeats ?? 1),
  };
}

/** `repeats` only for a job with repeats: a job without them answers as it always did. */
const repeatsField = (repeats: number): { repeats?: number } => (repeats > 1 ? { repeats } : {});

export function jobSummaryAnswer(job: Job): JobSummary {
  return {
    job_id: job.jobId,
    status: job.status,
    ...jobTimes(job),
    warnings: warningsOrNull(job.warnings),
  };
}

/** A job's status; `view` picks which model-days `details` lists (the first DETAILS_PAGE_MAX by default). */
export function jobStatusAnswer(
  { job, details }: JobReport,
  deployment: Deployment,
  view: DetailsView = DEFAULT_DETAILS_VIEW,
): JobStatusResponse {
  const selected = selectDetails(details, view);
  return {
    job_id: job.jobId,
    status: job.status,
    progress: progressAnswer(jobProgress(details)),
    ...jobTimes(job),
    details: selected.details.map(detailAnswer),
    ...(selected.page === undefined ? {} : { details_page: selected.page }),
    warnings: warningsOrNull(job.warnings),
    ...deploymentFields(deployment),
  };
}

/** `event: progress` of the job's event stream: the parts of its status that a change of it moves. */
export function progressEventAnswer(job: Job, progress: JobProgress): JobProgressEvent {
  return {
    job_id: job.jobId,
    status: job.status,
    progress: progressAnswer(progress),
    warnings: warningsOrNull(job.warnings),
    error: job.error,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    market: job.market,
  };
}

/**
 * `event: model_day`: a model-day as the status lists it, with what it made once committed. The
 * market is the job's, passed in because a model-day does not carry it.
 */
export function modelDayEventAnswer(
  jobId: string,
  detail: JobDetail,
  outcome: DayOutcome | null,
  market: MarketId,
): ModelDayEvent {
  return {
    job_id: jobId,
    ...detailAnswer(detail),
    profit: outcome?.profit ?? null,
    return_pct: outcome?.returnPct ?? null,
    portfolio_value: outcome?.portfolioValue ?? null,
    market,
  };
}

/** The one wire form of a job's progress, shared by its status and its `progress` events. */
export function progressAnswer(progress: JobProgress): ProgressResponse {
  return {
    total_model_days: progress.total,
    completed: progress.completed,
    failed: progress.failed,
    pending: progress.pending,
    skipped: progress.skipped,
  };
}

/** The one wire form of a model-day, shared by the status's `details` and `model_day` events. */
export function detailAnswer(detail: JobDetail): DetailResponse {
  return {
    date: detail.date,
    // A run's portfolio key is its model's signature and, from run 2 on, `run`.
    model: parsePortfolioKey(detail.model).model,
    ...runField(detail.model),
    status: detail.status,
    error: detail.error,
    started_at: detail.startedAt,
    completed_at: detail.completedAt,
    duration_seconds: detail.durationSeconds,
  };
}

function jobTimes(job: Job) {
  return {
    date_range: job.dateRange,
    models: baseModels(job.models),
    ...repeatsField(runCount(job.models)),
    market: job.market,
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    total_duration_seconds: job.totalDurationSeconds,
    error: job.error,
  };
}
