import type { Logger } from 'pino';
import type { AppConfig, ModelConfig } from '../config/app-config.js';
import type { MarketId } from '../core/markets/market.js';
import type { CassetteLibrary } from '../llm/cassette-library.js';
import type { LlmProvider } from '../llm/provider.js';
import type { PriceDataService } from '../market-data/price-data-service.js';
import type { NewsSource } from '../news/news-source.js';
import type { ModelDayService } from '../simulation/model-day-service.js';
import type { ModelDayStore } from '../simulation/model-day-store.js';
import type { Job, JobDetail, NewJob, PlannedModelDay } from './job-types.js';
import type { JobStatus } from './lifecycle.js';

/**
 * A lease asked for: who holds it (a token unique to this one claim, see `WorkerIdentity`) and
 * until when, with the clock it was asked by. All times are ISO-8601 UTC.
 */
export interface LeaseTerms {
  token: string;
  until: string;
  now: string;
}

/** A model-day a worker claimed: it runs it under `lease` until it commits, fails, or loses it. */
export interface ClaimedDay {
  jobId: string;
  date: string;
  model: string;
  lease: string;
}

/**
 * Which model-days a claim may take. A worker leaves the days of jobs it runs enough of (`skipJobs`)
 * and of external models (`exceptModels`: their clients claim them over MCP); an external client
 * claims only its own model's days (`models`).
 */
export interface DayScope {
  skipJobs?: readonly string[];
  models?: readonly string[];
  exceptModels?: readonly string[];
}

/** What a committed model-day made, for the event that reports its end. */
export interface DayOutcome {
  profit: number;
  returnPct: number;
  portfolioValue: number;
}

/**
 * The one owner of `jobs` and `job_details`. Every status it writes is a move `lifecycle.ts`
 * allows, guarded by the statuses the row must still be in, so two processes racing for one move
 * make it once. Work is handed out through it, so any number of worker processes can share the
 * database: every claim is a lease, held while renewed; once it expires (its worker died) recovery
 * hands the work to whoever asks next. Each method is atomic.
 */
export interface JobStore {
  /**
   * Inserts the job and its details in one transaction, but only while fewer than `maxActive` jobs
   * are active; the check and the insert hold one write lock, so concurrent triggers cannot race.
   */
  createIfSlotFree(job: NewJob, details: readonly PlannedModelDay[], maxActive: number): Promise<boolean>;
  /** Runs `createIfSlotFree`'s statements and rolls them back: warms the path, leaves nothing. */
  rehearseCreate(job: NewJob, details: readonly PlannedModelDay[]): Promise<void>;

  get(jobId: string): Promise<Job | undefined>;
  list(options: {
    limit: number;
    offset: number;
    status?: JobStatus;
  }): Promise<{ jobs: Job[]; total: number }>;
  details(jobId: string): Promise<JobDetail[]>;
  /**
   * A short string that changes whenever the job or any of its model-days does (every write moves a
   * detail's status or the job row), cheaper to read than the details themselves; undefined for no job.
   */
  fingerprint(jobId: string): Promise<string | undefined>;
  activeJobs(): Promise<Job[]>;
  /**
   * Model-days still pending or running in active jobs of `market`, among these models, dated up to
   * `dates.endDate` (and from `dates.startDate` when set), keyed by `modelDayKey`. Another market's
   * days are another portfolio's: they never stand in the way.
   */
  takenModelDays(
    market: MarketId,
    models: readonly string[],
    dates: { startDate: string | null; endDate: string },
  ): Promise<Set<string>>;
  /** The figures of these committed days of the job (superseded or not: they are its own), by `modelDayKey`. */
  dayOutcomes(
    jobId: string,
    days: readonly { model: string; date: string }[],
  ): Promise<Map<string, DayOutcome>>;

  /** The oldest `pending` job moves to `downloading_data` under this lease; undefined when none is. */
  claimPreparation(lease: LeaseTerms): Promise<Job | undefined>;
  /** `downloading_data` -> `running`, only while `token` still holds the job; false when it lost it. */
  startRunning(jobId: string, token: string, now: string): Promise<boolean>;
  /** Appends the warnings the job does not have yet (so adding is safe to repeat). */
  addWarnings(jobId: string, warnings: readonly string[], now: string): Promise<void>;
  /** Marks every still-pending day of the job (optionally only these dates) skipped with a reason. */
  skipPending(jobId: string, reason: string, now: string, dates?: readonly string[]): Promise<number>;
  /**
   * The first model-day that may run now, moved to `running` under this lease. A day may run when its
   * job is `running` and not cancelled, it is `pending`, no earlier day of its model in its job is
   * pending or running, no day of its model runs under a live lease anywhere, and no older active job
   * still has the model's days to run: a model's days run one at a time, in date order, jobs in the
   * order they were created (see `runnableDays`). Only days within `scope` are taken.
   */
  claimDay(lease: LeaseTerms, scope?: DayScope): Promise<ClaimedDay | undefined>;
  /**
   * Marks a model-day `completed` with its timings. With `lease`, only while that claim still holds
   * the day (or already completed it: a retried commit); otherwise throws `LeaseLostError`, so the
   * transaction the day's rows are written in rolls back and the day is never committed twice.
   */
  completeDay(
    jobId: string,
    day: PlannedModelDay,
    fields: { startedAt: string; completedAt: string; durationSeconds: number | null },
    lease?: string,
  ): Promise<void>;
  /**
   * Ends the day `token` runs as `failed`, unless the lease was lost meanwhile (then false: its new
   * holder decides). A retry of the same call after a lost acknowledgement finds its own write: true.
   */
  failDay(
    day: { jobId: string; date: string; model: string },
    token: string,
    fields: { error: string; completedAt: string; durationSeconds?: number | null },
  ): Promise<boolean>;
  /**
   * Ends `failed`, with `error`, the pending days of `models` (external ones, which wait for an MCP
   * client) in running jobs left with nothing else to run and untouched since `idleBefore`; answers
   * those jobs.
   */
  failUnclaimed(models: readonly string[], idleBefore: string, now: string, error: string): Promise<string[]>;

  /** Extends the leases of `tokens` to `until`; answers the tokens still held (the rest were lost). */
  renew(tokens: readonly string[], until: string): Promise<Set<string>>;
  /** Lets the leases of these tokens, or of every claim of these workers, expire now. */
  expire(holders: { tokens?: readonly string[]; workers?: readonly string[] }): Promise<void>;
  /** The tokens holding a live lease on a day or a preparation, for telling dead workers apart. */
  liveHolders(now: string): Promise<string[]>;
  /**
   * Hands back the work of expired leases, except those of `keep` (the caller's own, which it renews
   * as soon as the database lets it): running days become `pending` again, preparing jobs `pending`,
   * and each job concerned gets `warning`. Answers the jobs.
   */
  recoverExpired(now: string, keep: readonly string[], warning: string): Promise<string[]>;

  /** `running` jobs with no work left: nothing pending or running (cancelled: nothing running). */
  jobsToSettle(): Promise<string[]>;
  /**
   * Ends a `running` job that has no work left (a cancelled one: none running; its pending days are
   * skipped first) with its final status (`jobEnd`), exactly once whoever asks: the job, or undefined
   * when it was not settled or someone else ended it.
   */
  settle(jobId: string, now: Date): Promise<Job | undefined>;
  /**
   * Ends an active job that stopped on an error: its pending days `skipped`, its running ones
   * `failed`, the job partial or failed with the cause. Safe to repeat; false when it had ended.
   */
  fail(jobId: string, cause: string, now: Date): Promise<boolean>;
  /**
   * Asks the job to stop: no more days are handed out, running ones finish. A job no worker has
   * taken yet ends here (`failed`, its days skipped); a running one is settled by a worker. False
   * when the job had already ended.
   */
  cancel(jobId: string, now: Date): Promise<boolean>;
}

/** The database says another worker holds (or recovered) the model-day this worker was committing. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  constructor(day: { jobId: string; date: string; model: string }) {
    super(
      `the lease on ${day.model} ${day.date} of job ${day.jobId} was lost: another worker runs it now, so this run is not committed`,
    );
  }
}

/** The stores bound to one transaction: whatever they write commits together, or none of it does. */
export interface JobTransaction {
  jobs: JobStore;
  modelDays: ModelDayStore;
}

/** Opens a transaction spanning the stores; each table keeps its one owner (its store) inside it. */
export interface UnitOfWork {
  run<T>(work: (tx: JobTransaction) => Promise<T>): Promise<T>;
}

/**
 * What planning needs to know about the models' committed days (their live, unsuperseded trading
 * days) in one market: a model keeps one portfolio per market.
 */
export interface ModelDayHistory {
  /** Each model's latest live trading date; models that never traded are absent. */
  lastLiveDates(market: MarketId, models: readonly string[]): Promise<Map<string, string>>;
  /** Each model's live trading dates on or after `from`, ascending; models without any are absent. */
  liveDatesFrom(market: MarketId, models: readonly string[], from: string): Promise<Map<string, string[]>>;
}

/** What running a job needs, chosen once at start-up by the composition root. */
/** How one run of a job with repeats samples: its seed, where the provider accepts one. */
export interface RunSampling {
  seed: number;
}

export interface JobRuntimeDeps {
  /** The job tables, retried after transient faults. */
  jobs: JobStore;
  /** The one door to prices: what is stored, what is missing, downloads. */
  prices: PriceDataService;
  modelDays: ModelDayService;
  config: AppConfig;
  /**
   * The provider that plays a model: the real endpoint in PROD, a mock strategy in DEV. `sampling`
   * is a run's of a job with repeats (core/runs.ts); absent, requests are as they always were.
   */
  providerFor(model: ModelConfig, sampling?: RunSampling): LlmProvider;
  news?: NewsSource;
  /** When set, every model-day's LLM exchange is recorded to, or replayed from, a cassette. */
  cassettes?: CassetteLibrary;
  now: () => Date;
  logger: Logger;
}
