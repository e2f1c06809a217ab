/**
 * Jobs as the original server wrote them on the wire: the domain's jobs and model-days mapped onto
 * the field names, order and conventions (`null` for no warnings) of the HTTP contract.
 */
import type { Deployment } from '../app/container.js';
import { jobProgress } from '../jobs/lifecycle.js';
import type { CreatedJob, JobReport } from '../jobs/job-service.js';
import type { Job } from '../jobs/job-types.js';
import type { DeploymentFields } from './contract/common.js';
import type { JobSummary } from './contract/jobs.js';
import type { JobStatusResponse, TriggerResponse } from './contract/simulate.js';
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
  return {
    job_id: created.jobId,
    status: 'pending',
    total_model_days: created.totalModelDays,
    message: `Simulation job created for ${created.dateCount} dates, ${created.modelCount} models${resume}`,
    warnings: warningsOrNull(created.warnings),
    ...deploymentFields(deployment),
  };
}

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
  const progress = jobProgress(details);
  const selected = selectDetails(details, view);
  return {
    job_id: job.jobId,
    status: job.status,
    progress: {
      total_model_days: progress.total,
      completed: progress.completed,
      failed: progress.failed,
      pending: progress.pending,
      skipped: progress.skipped,
    },
    ...jobTimes(job),
    details: selected.details.map((d) => ({
      date: d.date,
      model: d.model,
      status: d.status,
      error: d.error,
      started_at: d.startedAt,
      completed_at: d.completedAt,
      duration_seconds: d.durationSeconds,
    })),
    ...(selected.page === undefined ? {} : { details_page: selected.page }),
    warnings: warningsOrNull(job.warnings),
    ...deploymentFields(deployment),
  };
}

function jobTimes(job: Job) {
  return {
    date_range: job.dateRange,
    models: job.models,
    market: job.market,
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    total_duration_seconds: job.totalDurationSeconds,
    error: job.error,
  };
}
