import { marketById, type Market } from '../core/markets/index.js';
import type { Logger } from 'pino';
import { externalModels, type AppConfig } from '../config/app-config.js';
import { JobBooks, settleJob } from '../jobs/claimed-day.js';
import type { JobStore } from '../jobs/job-store.js';
import { LeaseKeeper, type WorkerIdentity } from '../jobs/leases.js';
import { RESUMED_WARNING } from '../jobs/lifecycle.js';
import type { PriceDataService } from '../market-data/price-data-service.js';
import type { NewsSource } from '../news/news-source.js';
import type { ModelDayStore } from '../simulation/model-day-store.js';
import { TradingDay } from '../simulation/trading-day.js';
import { ExternalDay, type ExternalDayEnd } from './external-day.js';

export interface ExternalArenaDeps {
  jobs: JobStore;
  prices: PriceDataService;
  /** The job-aware store: its commit completes the day's detail, only while the lease holds. */
  modelDays: ModelDayStore;
  config: AppConfig;
  news?: NewsSource;
  now: () => Date;
  logger: Logger;
  /** This process's identity: the same one its worker (if any) uses, so neither takes the other for dead. */
  identity: WorkerIdentity;
  leaseMs: number;
  /** MCP_IDLE_TIMEOUT_SECONDS, in ms: a claimed day with no call for this long fails. */
  idleTimeoutMs: number;
}

export type ClaimAnswer =
  { ok: true; day: ExternalDay } | { ok: false; reason: 'not_external' | 'none_waiting'; message: string };

/**
 * The arena's side of external agents: hands the model-days of `external` models to MCP clients
 * under leases it renews while the client is active, and settles a job once a day ends. The rules
 * are the built-in agent's: each day runs on a TradingDay (MarketView, ledger, audit) and commits
 * through the same job-aware store.
 */
export class ExternalArena {
  readonly #keeper: LeaseKeeper;
  readonly #books: JobBooks;
  readonly #days = new Set<ExternalDay>();
  readonly #settling = new Set<Promise<unknown>>();

  constructor(private readonly deps: ExternalArenaDeps) {
    this.#keeper = new LeaseKeeper(deps.jobs, {
      leaseMs: deps.leaseMs,
      now: deps.now,
      logger: deps.logger,
    });
    this.#books = new JobBooks(deps);
  }

  get idleTimeoutMs(): number {
    return this.deps.idleTimeoutMs;
  }

  /** The config's market, whose rules the tool list describes. */
  get market(): Market {
    return marketById(this.deps.config.market);
  }

  get newsAvailable(): boolean {
    return this.deps.news !== undefined;
  }

  /** The signatures external agents may play. */
  externalModels(): string[] {
    return externalModels(this.deps.config);
  }

  start(): void {
    this.#keeper.start();
  }

  /**
   * The next waiting model-day of `model` (else of any external model), claimed under a lease and
   * opened as a TradingDay from the model's last committed position.
   */
  async claim(model: string | undefined): Promise<ClaimAnswer> {
    const external = this.externalModels();
    if (model !== undefined && !external.includes(model)) {
      return {
        ok: false,
        reason: 'not_external',
        message:
          `${JSON.stringify(model)} is not an external model: agents over MCP may only play ` +
          `${external.length > 0 ? external.join(', ') : '(no external model is configured)'}.`,
      };
    }
    const models = model === undefined ? external : [model];
    const none = {
      ok: false,
      reason: 'none_waiting',
      message: `No model-day of ${models.join(', ') || 'an external model'} is waiting now; try again later.`,
    } as const;
    if (models.length === 0) return none;
    const token = this.deps.identity.nextToken();
    const now = this.deps.now().toISOString();
    // A day whose holder is gone (a server stopped under its client) comes back to pending here too,
    // so a process serving agents needs no job worker beside it to get it back.
    await this.deps.jobs.recoverExpired(now, this.#keeper.tokens(), RESUMED_WARNING(now));
    const claim = await this.deps.jobs.claimDay({ token, until: this.#keeper.until(), now }, { models });
    if (!claim) return none;
    const lost = this.#keeper.hold(token);
    try {
      const { setup, prices } = await this.#books.for(claim.jobId);
      const start = await this.deps.modelDays.startingPoint(
        { model: claim.model, market: setup.market.id, date: claim.date },
        setup.initialCash,
      );
      const trading = new TradingDay({
        jobId: claim.jobId,
        model: claim.model,
        date: claim.date,
        market: setup.market,
        prices,
        universe: setup.universe,
        start,
        initialCash: setup.initialCash,
        costs: setup.costs,
        ...(this.deps.news ? { news: this.deps.news } : {}),
        now: this.deps.now,
      });
      const day = new ExternalDay(
        claim,
        trading,
        {
          jobs: this.deps.jobs,
          modelDays: this.deps.modelDays,
          now: this.deps.now,
          logger: this.deps.logger,
          idleTimeoutMs: this.deps.idleTimeoutMs,
          maxCalls: this.deps.config.agent_config.max_steps,
          ended: (ended, end) => this.#ended(ended, end),
        },
        lost,
      );
      this.#days.add(day);
      this.deps.logger.info(
        { job_id: claim.jobId, model: claim.model, date: claim.date },
        'external model-day claimed',
      );
      return { ok: true, day };
    } catch (error) {
      // Nothing started: the day goes back to pending at once for the next claim.
      this.#keeper.drop(token);
      await this.deps.jobs.expire({ tokens: [token] }).catch(() => undefined);
      throw error;
    }
  }

  #ended(day: ExternalDay, end: ExternalDayEnd): void {
    this.#days.delete(day);
    this.#keeper.drop(day.claim.lease);
    this.deps.logger.info(
      { job_id: day.claim.jobId, model: day.claim.model, date: day.claim.date, end: end.state },
      'external model-day ended',
    );
    if (end.state === 'lost') return;
    // The job's last day closes it; if the database will not say now, a worker's poll will.
    const settling = settleJob(day.claim.jobId, this.deps).catch((error: unknown) =>
      this.deps.logger.warn({ job_id: day.claim.jobId, err: String(error) }, 'could not close the job yet'),
    );
    this.#settling.add(settling);
    void settling.finally(() => this.#settling.delete(settling));
  }

  /**
   * Stops renewing: the leases of days still claimed expire at once, so they go back to pending
   * (nothing of them was written) and are claimed again after a restart.
   */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#settling]);
    await this.#keeper.stop();
    for (const day of [...this.#days]) day.release('the server shut down');
  }
}
