import type { Job, JobDetail } from './job-types.js';

/** The contract's JSON for jobs: the original server's field names, shared by HTTP and the CLI. */
export interface DeploymentInfo {
  deployment_mode: 'PROD' | 'DEV';
  is_dev_mode: boolean;
  preserve_dev_data: boolean;
}

export function jobSummaryView(job: Job) {
  return {
    job_id: job.jobId,
    status: job.status,
    date_range: job.dateRange,
    models: job.models,
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    total_duration_seconds: job.totalDurationSeconds,
    error: job.error,
    warnings: job.warnings,
  };
}

export function jobStatusView(job: Job, details: readonly JobDetail[]) {
  const count = (status: JobDetail['status']): number => details.filter((d) => d.status === status).length;
  const { warnings, ...summary } = jobSummaryView(job);
  return {
    ...summary,
    progress: {
      total_model_days: details.length,
      completed: count('completed'),
      failed: count('failed'),
      pending: count('pending') + count('running'),
      skipped: count('skipped'),
    },
    details: details.map((d) => ({
      date: d.date,
      model: d.model,
      status: d.status,
      error: d.error,
      started_at: d.startedAt,
      completed_at: d.completedAt,
      duration_seconds: d.durationSeconds,
    })),
    warnings,
  };
}

export type JobStatusView = ReturnType<typeof jobStatusView>;
