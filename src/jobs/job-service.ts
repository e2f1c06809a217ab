import { randomUUID } from 'node:crypto';
import { todayUtc } from '../core/dates.js';
import { enabledModels, type AppConfig } from '../config/app-config.js';
import type { JobStore } from './job-store.js';
import { ACTIVE_JOB_STATUSES, type JobStatus } from './job-types.js';
import { jobStatusView, jobSummaryView } from './job-views.js';
import { planModelDays, selectModels, TriggerError, validateTriggerDates } from './trigger-plan.js';

export const BUSY_MESSAGE =
  'Another simulation job is already running or pending. Please wait for it to complete.';

export interface TriggerRequest {
  start_date?: string | null;
  end_date: string;
  models?: string[] | null;
  replace_existing?: boolean;
}

export class JobNotFoundError extends Error {
  constructor(jobId: string) {
    super(`Job ${jobId} not found`);
    this.name = 'JobNotFoundError';
  }
}

export class JobConflictError extends Error {
  override readonly name = 'JobConflictError';
}

export interface JobServiceOptions {
  maxSimulationDays: number;
  maxConcurrentJobs: number;
  now: () => Date;
  /** Called after a job is created, so the in-process worker starts at once. */
  onJobCreated?: () => void;
}

/** The use cases of the jobs API: trigger, status, list, cancel. HTTP and the CLI call these. */
export class JobService {
  constructor(
    private readonly jobs: JobStore,
    private readonly config: AppConfig,
    private readonly options: JobServiceOptions,
  ) {}

  /** Validates and plans a simulation and creates its job; no download and no model call happen here. */
  async trigger(request: TriggerRequest) {
    const now = this.options.now();
    const dates = validateTriggerDates(request, todayUtc(now), this.options.maxSimulationDays);
    const models = selectModels(
      request.models,
      enabledModels(this.config).map((m) => m.signature),
    );
    const replaceExisting = request.replace_existing === true;

    // Cheap early answer; the authoritative check is repeated atomically with the insert below.
    if ((await this.jobs.activeJobs()).length >= this.options.maxConcurrentJobs)
      throw new TriggerError(BUSY_MESSAGE);

    const lastCompleted = new Map<string, string | null>();
    for (const model of models) lastCompleted.set(model, await this.jobs.lastCompletedDate(model));
    const base = { dates, models, maxDays: this.options.maxSimulationDays, lastCompleted };
    const probe = planModelDays({ ...base, replaceExisting: true, completed: new Set() });
    const [completed, taken] = await Promise.all([
      replaceExisting ? new Set<string>() : this.jobs.completedModelDays(models, probe.dates),
      // With one job slot the atomic slot check already keeps jobs apart; with more, days are claimed.
      this.options.maxConcurrentJobs > 1 ? this.jobs.takenModelDays(models, probe.dates) : new Set<string>(),
    ]);
    const plan = planModelDays({ ...base, replaceExisting, completed, taken });

    const jobId = randomUUID();
    const created = await this.jobs.createIfSlotFree(
      {
        jobId,
        dateRange: plan.dates,
        models,
        request,
        configSnapshot: { agent_config: this.config.agent_config, models: models },
        resumeMode: dates.resumeMode,
        replaceExisting,
        warnings: plan.warnings,
        createdAt: now.toISOString(),
      },
      plan.modelDays,
      this.options.maxConcurrentJobs,
    );
    if (!created) throw new TriggerError(BUSY_MESSAGE);
    this.options.onJobCreated?.();
    const modelCount = new Set(plan.modelDays.map((d) => d.model)).size;
    return {
      job_id: jobId,
      status: 'pending' as const,
      total_model_days: plan.modelDays.length,
      message: `Simulation job created for ${plan.dates.length} dates, ${modelCount} models${dates.resumeMode ? ' (resume mode)' : ''}`,
      warnings: plan.warnings,
    };
  }

  async status(jobId: string) {
    const job = await this.jobs.get(jobId);
    if (!job) throw new JobNotFoundError(jobId);
    return jobStatusView(job, await this.jobs.details(jobId));
  }

  async list(options: { limit: number; offset: number; status?: JobStatus }) {
    const { jobs, total } = await this.jobs.list(options);
    return { jobs: jobs.map(jobSummaryView), total, limit: options.limit, offset: options.offset };
  }

  /** Stops scheduling new model-days; running ones finish and commit, the rest end `skipped`. */
  async cancel(jobId: string) {
    const job = await this.jobs.get(jobId);
    if (!job) throw new JobNotFoundError(jobId);
    if (!ACTIVE_JOB_STATUSES.includes(job.status)) {
      throw new JobConflictError(`Job ${jobId} is already ${job.status} and cannot be cancelled`);
    }
    const now = this.options.now().toISOString();
    await this.jobs.requestCancel(jobId, now);
    if (job.status === 'pending') {
      // Nobody is running it yet: close it here. A worker claiming it meanwhile sees the flag.
      await this.jobs.skipPending(jobId, 'Cancelled', now);
    }
    this.options.onJobCreated?.();
    return this.status(jobId);
  }
}
