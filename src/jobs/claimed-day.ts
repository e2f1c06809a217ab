/**
 * A claimed model-day's work, shared by the built-in worker and the MCP arena: the prices and
 * market its job trades on, its commit (rows and detail in one transaction, only under its lease),
 * and the settling of its job once it ends.
 */
import type { Logger } from 'pino';
import { enabledModels, tradingSetup, type TradingSetup } from '../config/app-config.js';
import { addDays, secondsSince } from '../core/dates.js';
import { parsePortfolioKey, runCount, runSeed } from '../core/runs.js';
import { symbolsToPrice } from '../core/markets/market.js';
import { PriceIndex } from '../core/price-index.js';
import { ProviderError } from '../llm/provider.js';
import type { ModelDayStore } from '../simulation/model-day-store.js';
import {
  LeaseLostError,
  type ClaimedDay,
  type JobRuntimeDeps,
  type JobStore,
  type UnitOfWork,
} from './job-store.js';
import type { Job } from './job-types.js';
import { dayFailedError } from './lifecycle.js';
import type { Retry } from './retry.js';

/** How much stored history before the job's first date agents may look up with get_price_local. */
const HISTORY_DAYS = 370;
/** Jobs whose prices a worker keeps loaded; a worker rarely runs days of more than a couple at once. */
const KEPT_JOBS = 4;

/** What every model-day of a job trades with: its market's setup and the bars it trades on. */
export interface JobBook {
  setup: TradingSetup;
  prices: PriceIndex;
  /** Runs per model (core/runs.ts): 1 for a job without repeats, whose requests carry no seed. */
  repeats: number;
}

/**
 * The market and bars a job's model-days trade on, loaded once per job by each process that runs
 * some of its days (MarketView decides what each day actually sees). Every process loads the same
 * span, from the job's planned dates, so a day sees the same prices whichever process runs it.
 */
export class JobBooks {
  readonly #loaded = new Map<string, Promise<JobBook>>();

  constructor(private readonly deps: Pick<JobRuntimeDeps, 'jobs' | 'prices' | 'config'>) {}

  for(jobId: string): Promise<JobBook> {
    const kept = this.#loaded.get(jobId);
    if (kept) {
      // Most recently used last, so the oldest job is the one let go.
      this.#loaded.delete(jobId);
      this.#loaded.set(jobId, kept);
      return kept;
    }
    const loading = this.#load(jobId);
    loading.catch(() => this.#loaded.delete(jobId));
    this.#loaded.set(jobId, loading);
    while (this.#loaded.size > KEPT_JOBS) this.#loaded.delete(this.#loaded.keys().next().value as string);
    return loading;
  }

  async #load(jobId: string): Promise<JobBook> {
    const job = await this.deps.jobs.get(jobId);
    const setup = tradingSetup(this.deps.config, job?.market);
    const repeats = runCount(job?.models ?? []);
    const dates = [...(job?.dateRange ?? [])].sort();
    const first = dates[0];
    const last = dates[dates.length - 1];
    if (first === undefined || last === undefined) return { setup, prices: new PriceIndex([]), repeats };
    const symbols = symbolsToPrice(setup.market, setup.universe);
    const bars = await this.deps.prices.storedBars(symbols, addDays(first, -HISTORY_DAYS), last);
    return { setup, prices: new PriceIndex(bars), repeats };
  }
}

/**
 * The model-day store a job's days go through: saving a day also moves its job detail to
 * `completed`, in the same transaction, so a written day is never one its job still thinks is
 * running, nor a completed detail one without its rows.
 *
 * With a lease, the detail is completed first, and only while that claim still holds the day: a
 * worker whose lease expired (frozen, cut off from the database) and was taken over finds out here,
 * and its transaction rolls back (`LeaseLostError`) before any row is written, so a day is never
 * committed twice, whoever runs it.
 *
 * With `retry`, a transient database fault (a dropped connection, a restart) costs a wait, not the
 * day: reading the starting point and the commit are tried again. A commit whose acknowledgement was
 * lost may have gone through; the store recognises its own earlier write and does not write the
 * day twice (see `KyselyModelDayStore.saveDay`).
 */
export function jobDayStore(
  store: Pick<ModelDayStore, 'startingPoint'>,
  uow: UnitOfWork,
  retry?: Retry,
): ModelDayStore {
  const retried = <T>(context: object, operation: () => Promise<T>): Promise<T> =>
    retry ? retry.run('model-day', context, operation) : operation();
  return {
    startingPoint: (day, initialCash) =>
      retried({ model: day.model, date: day.date }, () => store.startingPoint(day, initialCash)),
    saveDay: (record, options = {}) =>
      retried({ job_id: record.jobId, model: record.model, date: record.date }, () =>
        uow.run(async (tx) => {
          const day = { date: record.date, model: record.model };
          const timing = {
            startedAt: record.startedAt,
            completedAt: record.completedAt,
            durationSeconds: record.sessionDurationSeconds,
          };
          await tx.jobs.completeDay(record.jobId, day, timing, options.lease);
          return tx.modelDays.saveDay(record);
        }),
      ),
  };
}

/**
 * Ends a job whose last model-day just ended, or that has no work left, with its final status from
 * its model-days. The database ends it once, however many workers ask; answers the job when this
 * call ended it.
 */
export async function settleJob(
  jobId: string,
  deps: { jobs: Pick<JobStore, 'settle'>; now: () => Date; logger: Logger },
): Promise<Job | undefined> {
  const ended = await deps.jobs.settle(jobId, deps.now());
  if (ended) {
    deps.logger.info(
      { job_id: jobId, status: ended.status, duration_seconds: ended.totalDurationSeconds },
      'job finished',
    );
  }
  return ended;
}

/** How a claimed model-day ended, as far as this worker is concerned. */
export type DayEnd =
  /** Committed, with its detail. */
  | 'completed'
  /** Recorded as failed, with the cause. */
  | 'failed'
  /** Another worker holds it now (this one's lease expired): nothing of this run was kept. */
  | 'lost'
  /** Stopped by a shutdown or the loss of its lease; it runs again once its lease expires. */
  | 'stopped';

/**
 * Runs one claimed model-day with the built-in agent, then its commit (see `jobDayStore`). A
 * failure of the day is recorded as such; a failure to record anything (the database refusing
 * writes) is thrown, for the scheduler to end the job once it can.
 */
export async function runClaimedDay(
  day: ClaimedDay,
  deps: JobRuntimeDeps,
  books: JobBooks,
  signal: AbortSignal,
): Promise<DayEnd> {
  const stamp = (): string => deps.now().toISOString();
  const log = deps.logger.child({ job_id: day.jobId, model: day.model });
  // A run of a job with repeats is stored under its portfolio key; its config is its model's.
  const { model, run } = parsePortfolioKey(day.model);
  const config = enabledModels(deps.config).find((m) => m.signature === model);
  if (!config) {
    const error = dayFailedError(`model ${model} is no longer enabled in the config`);
    await deps.jobs.failDay(day, day.lease, { error, completedAt: stamp() });
    return 'failed';
  }
  const agent = deps.config.agent_config;
  const startedMs = deps.now().getTime();
  try {
    const { setup, prices, repeats } = await books.for(day.jobId);
    const provider =
      repeats > 1 ? deps.providerFor(config, { seed: runSeed(run) }) : deps.providerFor(config);
    // Each run records its own cassettes: the key is one-to-one with a folder (signatureFolder).
    const cassette = await deps.cassettes?.open(day.model, day.date, provider);
    // Saving the day also completes its detail, in one transaction (see jobDayStore).
    await deps.modelDays.run({
      jobId: day.jobId,
      model: day.model,
      date: day.date,
      market: setup.market,
      provider: cassette?.provider ?? provider,
      prices,
      universe: setup.universe,
      maxSteps: agent.max_steps,
      initialCash: setup.initialCash,
      costs: setup.costs,
      ...(config.pricing ? { pricing: config.pricing } : {}),
      ...(deps.news ? { news: deps.news } : {}),
      now: deps.now,
      signal,
      lease: day.lease,
    });
    await cassette
      ?.finish()
      .catch((error: unknown) => log.warn({ date: day.date, err: String(error) }, 'cassette not saved'));
    log.info({ date: day.date }, 'model-day completed');
    return 'completed';
  } catch (error) {
    if (error instanceof LeaseLostError) {
      log.warn({ date: day.date, err: error.message }, 'model-day not committed: its lease was lost');
      return 'lost';
    }
    if (signal.aborted) return 'stopped';
    const message = error instanceof Error ? error.message : String(error);
    // The provider's own words stay here, in the log: the day's error is public (status, events).
    const upstream = error instanceof ProviderError ? error.upstream : undefined;
    log.warn({ date: day.date, err: message, ...(upstream ? { upstream } : {}) }, 'model-day failed');
    const recorded = await deps.jobs.failDay(day, day.lease, {
      error: dayFailedError(message),
      completedAt: stamp(),
      durationSeconds: secondsSince(startedMs, deps.now()),
    });
    return recorded ? 'failed' : 'lost';
  }
}
