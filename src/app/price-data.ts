/**
 * The price-data pieces put together from configuration: the provider missing bars come from and the
 * service over the store. The use cases on top of them live in market-data (`import/price-import.ts`,
 * `coverage-report.ts`).
 */
import { isDevMode, type Env } from '../config/env.js';
import { todayUtc } from '../core/dates.js';
import { symbolsToPrice, type Market } from '../core/markets/index.js';
import { AlphaVantageClient, type AlphaVantageClientOptions } from '../market-data/alphavantage/client.js';
import { RequestBudget } from '../market-data/alphavantage/rate-limiter.js';
import { AlphaVantageHistoryProvider } from '../market-data/alphavantage-history-provider.js';
import type { PriceHistoryProvider } from '../market-data/history-provider.js';
import type { DateRange } from '../market-data/coverage-report.js';
import type { DownloadClaims } from '../market-data/download-claims.js';
import { PriceDataService, type DownloadReport } from '../market-data/price-data-service.js';
import type { PriceStore } from '../market-data/price-store.js';
import { SyntheticHistoryProvider } from '../market-data/synthetic-history-provider.js';

/** The logging the price-data pieces do; a pino logger fits. */
export interface PriceDataLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/**
 * How the Alpha Vantage client keeps time for pacing. Production uses the defaults (the real clock
 * and Alpha Vantage's 60 s window); tests and benchmarks scale the window or the clock.
 */
export type AlphaVantagePacing = Pick<AlphaVantageClientOptions, 'rateWindowMs' | 'now' | 'sleep'>;

export interface PriceProviderOptions {
  now: () => Date;
  logger?: PriceDataLogger;
  /** Defaults to what `DEPLOYMENT_MODE` says. */
  devMode?: boolean;
  pacing?: AlphaVantagePacing;
  /**
   * Where Alpha Vantage's learned pace lives: in this process by default; in the database, shared by
   * every process on it, in a server (see `KyselyPaceLedger`).
   */
  paceLedger?: AlphaVantageClientOptions['paceLedger'];
}

const API_KEY_SETTING = 'ALPHAADVANTAGE_API_KEY';

/**
 * Why `createPriceHistoryProvider` chose no provider: the only case is PROD without a key. The
 * price-data service puts it in its failures and warnings, so a job says which setting is missing.
 */
export const NO_PROVIDER_REASON = `${API_KEY_SETTING} is not set`;

/**
 * Where missing bars come from: Alpha Vantage when a key is set; the synthetic dataset in DEV mode
 * without one; otherwise nowhere (undefined), so missing bars are reported and never invented.
 * Alpha Vantage is asked as fast as it answers and paced by its own limit answers; the
 * ALPHAVANTAGE_REQUESTS_PER_* budgets apply only when set.
 */
export function createPriceHistoryProvider(
  env: Env,
  opts: PriceProviderOptions,
): PriceHistoryProvider | undefined {
  const apiKey = env.ALPHAADVANTAGE_API_KEY;
  if (apiKey !== undefined) {
    const perMinute = env.ALPHAVANTAGE_REQUESTS_PER_MINUTE;
    const perDay = env.ALPHAVANTAGE_REQUESTS_PER_DAY;
    const client = new AlphaVantageClient({
      apiKey,
      ...(env.ALPHAVANTAGE_BASE_URL === undefined ? {} : { baseUrl: env.ALPHAVANTAGE_BASE_URL }),
      ...(perMinute > 0 || perDay > 0 ? { budget: new RequestBudget({ perMinute, perDay }) } : {}),
      ...opts.pacing,
      ...(opts.paceLedger === undefined ? {} : { paceLedger: opts.paceLedger }),
      ...(opts.logger === undefined ? {} : { logger: opts.logger }),
    });
    return new AlphaVantageHistoryProvider(client, () => todayUtc(opts.now()), {
      keySource: API_KEY_SETTING,
    });
  }
  if (opts.devMode ?? isDevMode(env)) return new SyntheticHistoryProvider();
  return undefined;
}

export interface PriceDataServiceOptions {
  store: PriceStore;
  provider: PriceHistoryProvider | undefined;
  now: () => Date;
  logger?: PriceDataLogger;
  /** Why `provider` is absent; defaults to the reason `createPriceHistoryProvider` has for it. */
  noProviderReason?: string;
  /** When several processes download into the database: one of them fetches a symbol at a time. */
  claims?: DownloadClaims;
}

export function createPriceDataService(opts: PriceDataServiceOptions): PriceDataService {
  return new PriceDataService({
    store: opts.store,
    ...(opts.provider === undefined ? {} : { provider: opts.provider }),
    now: opts.now,
    ...(opts.logger === undefined ? {} : { logger: opts.logger }),
    noProviderReason: opts.noProviderReason ?? NO_PROVIDER_REASON,
    ...(opts.claims === undefined ? {} : { claims: opts.claims }),
  });
}

/**
 * Stores the synthetic dataset of `market` for [start, end] (by default its universe and benchmark)
 * through the usual download path, so only sessions nobody has stored yet are generated, the bars
 * are labelled synthetic and a rerun does nothing.
 */
export function storeDemoPrices(
  deps: Omit<PriceDataServiceOptions, 'provider'>,
  market: Market,
  range: DateRange,
  symbols: readonly string[] = symbolsToPrice(market, market.defaultUniverse),
): Promise<DownloadReport> {
  const service = createPriceDataService({ ...deps, provider: new SyntheticHistoryProvider() });
  return service.download(market, symbols, range.start, range.end);
}
