import { addDays } from '../core/dates.js';
import { PriceIndex } from '../core/price-index.js';
import { BENCHMARK_SYMBOL } from '../core/universe.js';
import { enabledModels, tradableSymbols, type ModelConfig } from '../config/app-config.js';
import { skippedDatesWarning } from '../market-data/price-data-service.js';
import { finalJobStatus } from './final-status.js';
import type { JobRuntimeDeps } from './job-runtime.js';
import type { Job, PlannedModelDay } from './job-types.js';
import type { ModelLocks, ModelReservation } from './model-locks.js';

export const NO_DATES_ERROR = 'No trading dates available after price data preparation';
export const CANCELLED_ERROR = 'Cancelled by user';
export const CANCELLED_REASON = 'Cancelled';
/** How much stored history before the first date agents may look up with get_price_local. */
const HISTORY_DAYS = 370;
/**
 * History made sure of before the first date: the previous session's closes for the prompt and a
 * few weeks for lookbacks. Alpha Vantage's smallest answer (100 sessions) covers it anyway.
 */
const REQUIRED_HISTORY_DAYS = 30;

/**
 * Runs one claimed job to its end: prepares prices (`downloading_data`), skips days that cannot run,
 * then (`running`) walks each model through its dates in order, models concurrently with no per-date
 * barrier, and sets the final status from the model-days.
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
    await runReservedJob(job, deps, reservation, shutdown);
  } finally {
    reservation.releaseAll();
  }
}

async function runReservedJob(
  job: Job,
  deps: JobRuntimeDeps,
  reservation: ModelReservation,
  shutdown: AbortSignal,
): Promise<void> {
  const log = deps.logger.child({ job_id: job.jobId });
  const stamp = (): string => deps.now().toISOString();
  const universe = tradableSymbols(deps.config);

  if (job.cancelRequested) {
    await deps.jobs.skipPending(job.jobId, CANCELLED_REASON, stamp());
    await finish(
      job,
      deps,
      finalJobStatus(await deps.jobs.details(job.jobId), { cancelled: true }),
      CANCELLED_ERROR,
    );
    return;
  }

  const pending = (await deps.jobs.details(job.jobId)).filter((d) => d.status === 'pending');
  const dates = [...new Set(pending.map((d) => d.date))].sort();
  const first = dates[0];
  const last = dates[dates.length - 1];

  if (first && last) {
    log.info({ first, last, symbols: universe.length }, 'checking price data');
    const report = await deps.prices.download(
      [...universe, BENCHMARK_SYMBOL],
      addDays(first, -REQUIRED_HISTORY_DAYS),
      last,
      undefined,
      { signal: shutdown, logger: log },
    );
    if (shutdown.aborted) return; // still downloading_data: recovery resumes it at the next start
    await deps.jobs.addWarnings(job.jobId, dedupe(report.warnings), stamp());
    if (report.needed.length > 0) {
      log.info(
        {
          downloaded: report.downloaded.length,
          failed: report.failed.length,
          rate_limited: report.rateLimited,
        },
        'price download finished',
      );
    }
    const availability = await deps.prices.availability(universe, first, last);
    const skipped = availability.skipped.filter((s) => dates.includes(s.date));
    for (const s of skipped) await deps.jobs.skipPending(job.jobId, s.reason, stamp(), [s.date]);
    const warnings: string[] = [];
    if (skipped.length > 0) warnings.push(skippedDatesWarning(skipped.map((s) => s.date)));
    if (availability.unavailableSymbols.length > 0) {
      const list = availability.unavailableSymbols;
      warnings.push(
        `${list.length} symbols have no price data for the requested dates and are untradable: ${list.join(', ')}`,
      );
    }
    await deps.jobs.addWarnings(job.jobId, warnings, stamp());
  }

  const runnable = (await deps.jobs.details(job.jobId)).filter((d) => d.status === 'pending');
  if (runnable.length === 0) {
    const details = await deps.jobs.details(job.jobId);
    const hasResults = details.some((d) => d.status === 'completed');
    await finish(
      job,
      deps,
      hasResults ? finalJobStatus(details) : 'failed',
      hasResults ? null : NO_DATES_ERROR,
    );
    return;
  }

  await deps.jobs.update(job.jobId, { status: 'running' }, stamp());
  const from = addDays(runnable[0]?.date ?? job.dateRange[0] ?? '', -HISTORY_DAYS);
  const to = runnable[runnable.length - 1]?.date ?? '';
  const prices = new PriceIndex(await deps.priceStore.loadBars([...universe, BENCHMARK_SYMBOL], from, to));

  const byModel = new Map<string, PlannedModelDay[]>();
  for (const d of runnable)
    byModel.set(d.model, [...(byModel.get(d.model) ?? []), { date: d.date, model: d.model }]);
  const configs = new Map(enabledModels(deps.config).map((m) => [m.signature, m]));
  const limit = deps.config.agent_config.max_concurrent_models;

  await runPool([...byModel.entries()], limit, async ([model, days]) => {
    const config = configs.get(model);
    await reservation.turn(model);
    try {
      await walkModel(job, days, config, prices, universe, deps, shutdown);
    } finally {
      reservation.release(model);
    }
  });

  if (shutdown.aborted) return; // left active on purpose: recovery resumes it at the next start
  const latest = await deps.jobs.get(job.jobId);
  const cancelled = latest?.cancelRequested ?? false;
  if (cancelled) await deps.jobs.skipPending(job.jobId, CANCELLED_REASON, stamp());
  const details = await deps.jobs.details(job.jobId);
  const status = finalJobStatus(details, { cancelled });
  await finish(job, deps, status, cancelled ? CANCELLED_ERROR : failureSummary(details));
}

async function walkModel(
  job: Job,
  days: readonly PlannedModelDay[],
  config: ModelConfig | undefined,
  prices: PriceIndex,
  universe: readonly string[],
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
  for (const day of days) {
    if (shutdown.aborted) return;
    if ((await deps.jobs.get(job.jobId))?.cancelRequested) return;
    const startedAt = stamp();
    const startedMs = deps.now().getTime();
    await deps.jobs.setDetail(job.jobId, day, 'running', { startedAt, error: null });
    try {
      const cassette = await deps.cassettes?.open(config.signature, day.date, provider);
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

async function finish(
  job: Job,
  deps: JobRuntimeDeps,
  status: Job['status'],
  error: string | null,
): Promise<void> {
  const now = deps.now();
  const started = (await deps.jobs.get(job.jobId))?.startedAt ?? job.startedAt;
  const duration = started ? Math.max(0, (now.getTime() - Date.parse(started)) / 1000) : 0;
  await deps.jobs.update(
    job.jobId,
    { status, error, completedAt: now.toISOString(), totalDurationSeconds: duration },
    now.toISOString(),
  );
  deps.logger.info({ job_id: job.jobId, status, duration_seconds: duration }, 'job finished');
}

function failureSummary(details: readonly { status: string }[]): string | null {
  const failed = details.filter((d) => d.status === 'failed').length;
  return failed > 0 ? `${failed} of ${details.length} model-days failed` : null;
}

function dedupe(items: readonly string[]): string[] {
  return [...new Set(items)];
}

/** Runs `work` over items with at most `limit` in flight. */
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
  await Promise.all(lanes);
}
