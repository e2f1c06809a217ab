import { configuredUniverse, enabledModels, type ModelConfig } from '../config/app-config.js';
import type { PriceIndex } from '../core/price-index.js';
import { finishJob } from './job-finish.js';
import { prepareJob } from './job-preparation.js';
import type { JobRuntimeDeps } from './job-runtime.js';
import type { Job, PlannedModelDay } from './job-types.js';
import type { ModelLocks, ModelReservation } from './model-locks.js';

export { CANCELLED_ERROR, CANCELLED_REASON, NO_DATES_ERROR } from './job-finish.js';

/**
 * Runs one claimed job to its end in three steps: prepare (`downloading_data`: prices, skipped
 * dates, warnings), run (`running`: each model walks its dates in order, models concurrently, no
 * per-date barrier), finish (the final status from the model-days). A shutdown leaves the job active
 * on purpose: recovery resumes it at the next start.
 */
export async function runJob(
  job: Job,
  deps: JobRuntimeDeps,
  locks: ModelLocks,
  shutdown: AbortSignal,
): Promise<void> {
  // Reserved before the first await, so jobs hold their models in the order they were claimed.
  const reservation = locks.reserve(job.models);
  try {
    if (!job.cancelRequested) {
      const prepared = await prepareJob(job, deps, shutdown);
      if (prepared === undefined) return;
      if (prepared.runnable.length > 0) {
        await deps.jobs.update(job.jobId, { status: 'running' }, deps.now().toISOString());
        await runModels(job, prepared.runnable, prepared.prices, deps, reservation, shutdown);
        if (shutdown.aborted) return;
      }
    }
    await finishJob(job, deps);
  } finally {
    reservation.releaseAll();
  }
}

/** Each model's days in date order, up to `max_concurrent_models` models at a time. */
async function runModels(
  job: Job,
  runnable: readonly PlannedModelDay[],
  prices: PriceIndex,
  deps: JobRuntimeDeps,
  reservation: ModelReservation,
  shutdown: AbortSignal,
): Promise<void> {
  const byModel = new Map<string, PlannedModelDay[]>();
  for (const d of runnable)
    byModel.set(d.model, [...(byModel.get(d.model) ?? []), { date: d.date, model: d.model }]);
  const configs = new Map(enabledModels(deps.config).map((m) => [m.signature, m]));
  await runPool(
    [...byModel.entries()],
    deps.config.agent_config.max_concurrent_models,
    async ([model, days]) => {
      await reservation.turn(model);
      try {
        await walkModel(job, days, configs.get(model), prices, deps, shutdown);
      } finally {
        reservation.release(model);
      }
    },
  );
}

async function walkModel(
  job: Job,
  days: readonly PlannedModelDay[],
  config: ModelConfig | undefined,
  prices: PriceIndex,
  deps: JobRuntimeDeps,
  shutdown: AbortSignal,
): Promise<void> {
  const stamp = (): string => deps.now().toISOString();
  const log = deps.logger.child({ job_id: job.jobId, model: days[0]?.model });
  if (!config) {
    for (const day of days) {
      await deps.jobs.setDetail(job.jobId, day, 'failed', {
        error: `Execution failed: model ${day.model} is no longer enabled in the config`,
        completedAt: stamp(),
      });
    }
    return;
  }
  const provider = deps.providerFor(config);
  const agent = deps.config.agent_config;
  const universe = configuredUniverse(deps.config);
  for (const day of days) {
    if (shutdown.aborted) return;
    if ((await deps.jobs.get(job.jobId))?.cancelRequested) return;
    const startedMs = deps.now().getTime();
    await deps.jobs.setDetail(job.jobId, day, 'running', { startedAt: stamp(), error: null });
    try {
      const cassette = await deps.cassettes?.open(config.signature, day.date, provider);
      // Saving the day also completes its detail, in one transaction (see jobDayStore).
      await deps.modelDays.run({
        jobId: job.jobId,
        model: config.signature,
        date: day.date,
        provider: cassette?.provider ?? provider,
        prices,
        universe,
        maxSteps: agent.max_steps,
        initialCash: agent.initial_cash,
        costs: { commissionBps: agent.commission_bps, slippageBps: agent.slippage_bps },
        ...(config.pricing ? { pricing: config.pricing } : {}),
        ...(deps.news ? { news: deps.news } : {}),
        now: deps.now,
        signal: shutdown,
      });
      await cassette
        ?.finish()
        .catch((error: unknown) => log.warn({ date: day.date, err: String(error) }, 'cassette not saved'));
      log.info({ date: day.date }, 'model-day completed');
    } catch (error) {
      if (shutdown.aborted) return; // stays `running`; recovery puts it back to pending
      const message = error instanceof Error ? error.message : String(error);
      log.warn({ date: day.date, err: message }, 'model-day failed');
      await deps.jobs.setDetail(job.jobId, day, 'failed', {
        error: `Execution failed: ${message}`,
        completedAt: stamp(),
        durationSeconds: (deps.now().getTime() - startedMs) / 1000,
      });
    }
  }
}

/**
 * Runs `work` over items with at most `limit` in flight. When one fails (the database refused to
 * record a model-day's end), the others still run to their end before the first failure is thrown:
 * the job is recorded as failed only once nothing of it is still writing.
 */
async function runPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  const failure = (await Promise.allSettled(lanes)).find((r) => r.status === 'rejected');
  if (failure) throw failure.reason;
}
