import { addDays } from '../core/dates.js';
import { symbolsToPrice } from '../core/markets/market.js';
import { externalModels, tradingSetup } from '../config/app-config.js';
import { skippedDatesWarning } from '../market-data/price-data-service.js';
import type { JobRuntimeDeps } from './job-store.js';
import type { Job } from './job-types.js';

/** Says why a job may wait: its external models trade only when an agent comes. */
export const EXTERNAL_MODELS_WARNING = (models: readonly string[]): string =>
  `External models ${models.join(', ')} trade only when an agent claims their days over MCP (claim_day); ` +
  'their days wait until then, and fail once the job has had nothing else to run for MCP_CLAIM_TIMEOUT_SECONDS';

/**
 * History made sure of before the first date: the previous session's closes for the prompt and a
 * few weeks for lookbacks. Alpha Vantage's smallest answer (100 sessions) covers it anyway.
 */
const REQUIRED_HISTORY_DAYS = 30;

/**
 * A claimed job's `downloading_data` step, done once by the worker holding its lease, then the job
 * `running`: from then on any worker may claim its model-days (true; the caller settles it at once
 * when none is left). A cancelled job skips the download. When the lease is lost (or the process
 * stops) midway, the job stays `downloading_data` until its lease expires and another worker
 * prepares it again (false).
 */
export async function runPreparation(
  job: Job,
  lease: string,
  deps: JobRuntimeDeps,
  signal: AbortSignal,
): Promise<boolean> {
  const log = deps.logger.child({ job_id: job.jobId });
  log.info({ models: job.models, dates: job.dateRange.length }, 'job claimed');
  if (!job.cancelRequested && !(await prepareJob(job, deps, signal))) return false;
  if (signal.aborted) return false;
  if (!(await deps.jobs.startRunning(job.jobId, lease, deps.now().toISOString()))) {
    log.warn('another worker took over this job while it was being prepared; leaving it to them');
    return false;
  }
  return true;
}

/**
 * Makes sure prices are stored for the job's pending days (downloading what is missing), skips the
 * dates that cannot run with a reason, and records the warnings. False when a shutdown (or the loss
 * of the lease) interrupted the download.
 */
async function prepareJob(job: Job, deps: JobRuntimeDeps, shutdown: AbortSignal): Promise<boolean> {
  const log = deps.logger.child({ job_id: job.jobId });
  const stamp = (): string => deps.now().toISOString();
  const { market, universe } = tradingSetup(deps.config, job.market);
  const symbols = symbolsToPrice(market, universe);

  const pending = (await deps.jobs.details(job.jobId)).filter((d) => d.status === 'pending');
  const dates = [...new Set(pending.map((d) => d.date))].sort();
  const first = dates[0];
  const last = dates[dates.length - 1];
  if (first === undefined || last === undefined) return true;

  log.info({ first, last, symbols: universe.length }, 'checking price data');
  const report = await deps.prices.download(
    market,
    symbols,
    addDays(first, -REQUIRED_HISTORY_DAYS),
    last,
    undefined,
    {
      signal: shutdown,
      logger: log,
    },
  );
  if (shutdown.aborted) return false;
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

  const availability = await deps.prices.availability(market, universe, first, last);
  const skipped = availability.skipped.filter((s) => dates.includes(s.date));
  for (const s of skipped) await deps.jobs.skipPending(job.jobId, s.reason, stamp(), [s.date]);
  const warnings = [...new Set(report.warnings)];
  if (skipped.length > 0) warnings.push(skippedDatesWarning(skipped.map((s) => s.date)));
  if (availability.unavailableSymbols.length > 0) {
    const list = availability.unavailableSymbols;
    warnings.push(
      `${list.length} symbols have no price data for the requested dates and are untradable: ${list.join(', ')}`,
    );
  }
  const external = externalModels(deps.config).filter((m) => job.models.includes(m));
  if (external.length > 0) warnings.push(EXTERNAL_MODELS_WARNING(external));
  await deps.jobs.addWarnings(job.jobId, warnings, stamp());
  return true;
}
