import { randomUUID } from 'node:crypto';
import { todayUtc } from '../core/dates.js';
import { NotFoundError, RefusedError } from '../core/errors.js';
import { enabledModels, externalModels, tradingSetup, type AppConfig } from '../config/app-config.js';
import { baseModels, MAX_REPEATS, portfolioKeys, runSeed } from '../core/runs.js';
import { marketById, type MarketId } from '../core/markets/index.js';
import type { JobStore, ModelDayHistory } from './job-store.js';
import type { Job, JobDetail } from './job-types.js';
import { isTerminalJobStatus, type JobStatus } from './lifecycle.js';
import {
  planModelDays,
  selectModels,
  TriggerError,
  validateTriggerDates,
  type TriggerDates,
  type TriggerInput,
} from './trigger-plan.js';

export const BUSY_MESSAGE =
  'Another simulation job is already running or pending. Please wait for it to complete.';

export class JobNotFoundError extends NotFoundError {
  override readonly name = 'JobNotFoundError';
  constructor(jobId: string) {
    super(`Job ${jobId} not found`);
  }
}

/** The job cannot do what was asked in its current state (cancelling a finished job). */
export class JobConflictError extends RefusedError {
  override readonly name = 'JobConflictError';
}

export interface JobServiceOptions {
  maxSimulationDays: number;
  maxConcurrentJobs: number;
  now: () => Date;
  /** Called after a job is created or cancelled, so the in-process worker looks at once. */
  onJobCreated?: () => void;
}

/** A job just created by a trigger. */
export interface CreatedJob {
  jobId: string;
  totalModelDays: number;
  /** Distinct trading dates planned. */
  dateCount: number;
  modelCount: number;
  /** Runs per model; absent or 1 without repeats. */
  repeats?: number;
  resumeMode: boolean;
  warnings: string[];
}

/** A job with its model-days, as status and cancel report it. */
export interface JobReport {
  job: Job;
  details: JobDetail[];
}

/** The use cases of the jobs API: trigger, status, list, cancel. HTTP and the CLI call these. */
export class JobService {
  constructor(
    private readonly jobs: JobStore,
    private readonly history: ModelDayHistory,
    private readonly config: AppConfig,
    private readonly options: JobServiceOptions,
  ) {}

  /** Validates and plans a simulation and creates its job; no download and no model call happen here. */
  async trigger(input: TriggerInput): Promise<CreatedJob> {
    const now = this.options.now();
    const market = marketById(input.market ?? this.config.market);
    const dates = validateTriggerDates(input, todayUtc(now), this.options.maxSimulationDays, market.calendar);
    const signatures = selectModels(
      input.models,
      enabledModels(this.config).map((m) => m.signature),
    );
    const repeats = checkRepeats(input.repeats ?? 1, signatures, externalModels(this.config));
    // Each run is a portfolio of its own: planned, claimed and chained under its own key.
    const models = portfolioKeys(signatures, repeats);

    // Cheap early answer; the authoritative check is repeated atomically with the insert below.
    if ((await this.jobs.activeJobs()).length >= this.options.maxConcurrentJobs)
      throw new TriggerError(BUSY_MESSAGE);

    const liveDates = await this.liveDates(market.id, models, dates);
    // With one job slot the atomic slot check already keeps jobs apart; with more, days are claimed.
    const taken =
      this.options.maxConcurrentJobs > 1
        ? await this.jobs.takenModelDays(market.id, models, dates)
        : new Set<string>();
    const plan = planModelDays({
      dates,
      calendar: market.calendar,
      models,
      maxDays: this.options.maxSimulationDays,
      replaceExisting: input.replaceExisting,
      liveDates,
      taken,
    });

    const jobId = randomUUID();
    const created = await this.jobs.createIfSlotFree(
      {
        jobId,
        market: market.id,
        dateRange: plan.dates,
        models,
        request: input,
        configSnapshot: configSnapshot(this.config, market.id, models, repeats),
        resumeMode: dates.resumeMode,
        warnings: plan.warnings,
        createdAt: now.toISOString(),
      },
      plan.modelDays,
      this.options.maxConcurrentJobs,
    );
    if (!created) throw new TriggerError(BUSY_MESSAGE);
    this.options.onJobCreated?.();
    return {
      jobId,
      totalModelDays: plan.modelDays.length,
      dateCount: plan.dates.length,
      modelCount: baseModels(plan.modelDays.map((d) => d.model)).length,
      repeats,
      resumeMode: dates.resumeMode,
      warnings: plan.warnings,
    };
  }

  /**
   * Walks a trigger's read-only path once (validation, the active-job check, the models' history,
   * planning) without creating anything, so the first real trigger after start-up does not pay for
   * cold code and unprepared statements.
   */
  async warmUp(): Promise<void> {
    const now = this.options.now();
    const today = todayUtc(now);
    const maxDays = this.options.maxSimulationDays;
    const dates = validateTriggerDates({ startDate: null, endDate: today }, today, maxDays);
    const models = enabledModels(this.config).map((m) => m.signature);
    if (models.length === 0) return;
    const { market } = this.config;
    const calendar = marketById(market).calendar;
    await this.jobs.activeJobs();
    await this.liveDates(market, models, { ...dates, startDate: today });
    const liveDates = await this.liveDates(market, models, dates);
    for (const replaceExisting of [false, true]) {
      try {
        planModelDays({ dates, calendar, models, maxDays, replaceExisting, liveDates });
      } catch (error) {
        if (!(error instanceof TriggerError)) throw error;
      }
    }
    const rehearsal = {
      jobId: randomUUID(),
      market,
      dateRange: [today],
      models,
      request: null,
      configSnapshot: null,
      resumeMode: true,
      warnings: [],
      createdAt: now.toISOString(),
    };
    await this.jobs.rehearseCreate(rehearsal, [{ date: today, model: models[0] as string }]);
  }

  /** Changes whenever the job's status answer would (see JobStore.fingerprint); throws for an unknown job. */
  async statusFingerprint(jobId: string): Promise<string> {
    const fingerprint = await this.jobs.fingerprint(jobId);
    if (fingerprint === undefined) throw new JobNotFoundError(jobId);
    return fingerprint;
  }

  async status(jobId: string): Promise<JobReport> {
    const job = await this.jobs.get(jobId);
    if (!job) throw new JobNotFoundError(jobId);
    return { job, details: await this.jobs.details(jobId) };
  }

  list(options: {
    limit: number;
    offset: number;
    status?: JobStatus;
  }): Promise<{ jobs: Job[]; total: number }> {
    return this.jobs.list(options);
  }

  /** Stops scheduling new model-days; running ones finish and commit, the rest end `skipped`. */
  async cancel(jobId: string): Promise<JobReport> {
    const job = await this.jobs.get(jobId);
    if (!job) throw new JobNotFoundError(jobId);
    if (isTerminalJobStatus(job.status)) {
      throw new JobConflictError(`Job ${jobId} is already ${job.status} and cannot be cancelled`);
    }
    // A job no worker has taken yet ends here, whether or not a worker runs anywhere; a running
    // one is ended by the worker that sees nothing of it runs any more.
    await this.jobs.cancel(jobId, this.options.now());
    this.options.onJobCreated?.();
    return this.status(jobId);
  }

  /** What planning must know of each model's committed days (see PlanInput.liveDates). */
  private async liveDates(
    market: MarketId,
    models: readonly string[],
    dates: TriggerDates,
  ): Promise<Map<string, string[]>> {
    if (dates.startDate !== null) return this.history.liveDatesFrom(market, models, dates.startDate);
    const last = await this.history.lastLiveDates(market, models);
    return new Map([...last].map(([model, date]) => [model, [date]]));
  }
}

/** Repeats as asked, refused beyond MAX_REPEATS or for external models (their agents play one portfolio). */
function checkRepeats(repeats: number, models: readonly string[], external: readonly string[]): number {
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > MAX_REPEATS) {
    throw new TriggerError(`repeats must be a whole number from 1 to ${MAX_REPEATS}, got ${repeats}`);
  }
  const refused = models.filter((m) => external.includes(m));
  if (repeats > 1 && refused.length > 0) {
    throw new TriggerError(
      `repeats is not available for external models (${refused.join(', ')}): their MCP agents play one ` +
        'portfolio each. Name the built-in models to repeat in models, or leave repeats out.',
    );
  }
  return repeats;
}

/**
 * What the job was set up with, kept on it: the config's agent settings and the market it trades in;
 * with repeats, each run's sampling settings too. The agent sends no temperature, so every run samples
 * at the provider's default; run k's seed is runSeed(k), sent to the OpenAI-compatible API.
 */
function configSnapshot(
  config: AppConfig,
  market: MarketId,
  models: readonly string[],
  repeats: number,
): unknown {
  const setup = tradingSetup(config, market);
  const snapshot = {
    agent_config: config.agent_config,
    models,
    market,
    initial_cash: setup.initialCash,
    universe: setup.universe,
  };
  if (repeats === 1) return snapshot;
  const runs = baseModels(models).flatMap((model) =>
    Array.from({ length: repeats }, (_, i) => ({
      model,
      run: i + 1,
      temperature: null,
      temperature_source: 'provider default (the agent sends none)',
      seed: runSeed(i + 1),
    })),
  );
  return { ...snapshot, repeats, runs };
}
