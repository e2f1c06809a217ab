import { tradingSetup, type TradingSetup } from '../config/app-config.js';
import { addDays } from '../core/dates.js';
import { symbolsToPrice } from '../core/markets/market.js';
import { PriceIndex } from '../core/price-index.js';
import type { JobRuntimeDeps } from './job-runtime.js';

/** How much stored history before the job's first date agents may look up with get_price_local. */
const HISTORY_DAYS = 370;
/** Jobs whose prices a worker keeps loaded; a worker rarely runs days of more than a couple at once. */
const KEPT_JOBS = 4;

/** What every model-day of a job trades with: its market's setup and the bars it trades on. */
export interface JobBook {
  setup: TradingSetup;
  prices: PriceIndex;
}

/**
 * The market and bars a job's model-days trade on, loaded once per job by each worker that runs
 * some of its days (MarketView decides what each day actually sees). Every worker loads the same
 * span, from the job's planned dates, so a day sees the same prices whichever process runs it.
 */
export class JobPrices {
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
    const dates = [...(job?.dateRange ?? [])].sort();
    const first = dates[0];
    const last = dates[dates.length - 1];
    if (first === undefined || last === undefined) return { setup, prices: new PriceIndex([]) };
    const symbols = symbolsToPrice(setup.market, setup.universe);
    const bars = await this.deps.prices.storedBars(symbols, addDays(first, -HISTORY_DAYS), last);
    return { setup, prices: new PriceIndex(bars) };
  }
}
