import { enabledModels } from '../config/app-config.js';
import { ProviderError } from '../llm/provider.js';
import type { JobBook } from './job-prices.js';
import { LeaseLostError, type ClaimedDay } from './job-claims.js';
import type { JobRuntimeDeps } from './job-runtime.js';

export { CANCELLED_ERROR, CANCELLED_REASON, NO_DATES_ERROR } from './job-finish.js';

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
 * Runs one claimed model-day: the agent, then its commit (rows and detail in one transaction that
 * first checks the lease is still this worker's, see `jobDayStore`). A failure of the day is
 * recorded as such; a failure to record anything (the database refusing writes) is thrown, for the
 * scheduler to close the job once it can.
 */
export async function runClaimedDay(
  day: ClaimedDay,
  deps: JobRuntimeDeps,
  book: () => Promise<JobBook>,
  signal: AbortSignal,
): Promise<DayEnd> {
  const stamp = (): string => deps.now().toISOString();
  const log = deps.logger.child({ job_id: day.jobId, model: day.model });
  const config = enabledModels(deps.config).find((m) => m.signature === day.model);
  if (!config) {
    const error = `Execution failed: model ${day.model} is no longer enabled in the config`;
    await deps.claims.failDay(day, day.lease, { error, completedAt: stamp() });
    return 'failed';
  }
  const agent = deps.config.agent_config;
  const startedMs = deps.now().getTime();
  try {
    const provider = deps.providerFor(config);
    const { setup, prices } = await book();
    const cassette = await deps.cassettes?.open(config.signature, day.date, provider);
    // Saving the day also completes its detail, in one transaction (see jobDayStore).
    await deps.modelDays.run({
      jobId: day.jobId,
      model: config.signature,
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
    const recorded = await deps.claims.failDay(day, day.lease, {
      error: `Execution failed: ${message}`,
      completedAt: stamp(),
      durationSeconds: (deps.now().getTime() - startedMs) / 1000,
    });
    return recorded ? 'failed' : 'lost';
  }
}
