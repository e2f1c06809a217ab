/**
 * The price-data pieces put together from configuration, once, at start-up, plus the few
 * use cases every interface (CLI now, HTTP later) offers on top of them.
 */
import { readFile } from 'node:fs/promises';
import { isDevMode, type Env } from '../config/env.js';
import type { DailyBar } from '../core/bars.js';
import { addDays, todayUtc } from '../core/dates.js';
import { symbolsToPrice, type Market } from '../core/markets/index.js';
import { AlphaVantageClient, type AlphaVantageClientOptions } from '../market-data/alphavantage/client.js';
import { RequestBudget } from '../market-data/alphavantage/rate-limiter.js';
import { AlphaVantageHistoryProvider } from '../market-data/alphavantage-history-provider.js';
import type { PriceHistoryProvider } from '../market-data/history-provider.js';
import { ImportError } from '../market-data/import/import-error.js';
import {
  parsePricesFile,
  type BarsFileFormat,
  type ParsedSeries,
  type SkippedBar,
  type SkippedSymbol,
} from '../market-data/import/import-file.js';
import type { DownloadClaims } from '../market-data/download-claims.js';
import { PriceDataService, type DownloadReport } from '../market-data/price-data-service.js';
import type { PriceSource, PriceStore, SourceCounts } from '../market-data/price-store.js';
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

export interface DateRange {
  start: string;
  end: string;
}

/** The 30 days before today: the window a coverage check looks at unless told otherwise. */
export function defaultCoverageRange(today: string): DateRange {
  return { start: addDays(today, -30), end: addDays(today, -1) };
}

/**
 * About six months up to the market's last session before today: enough history for a demo run and
 * its charts.
 */
export function defaultDemoRange(today: string, market: Market): DateRange {
  const end = market.calendar.previousSession(today);
  return { start: addDays(end, -182), end };
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

export interface ImportedSeries {
  symbol: string;
  format: BarsFileFormat;
  barsStored: number;
  /** First and last date of the imported bars; recorded as covered by the import. */
  from: string;
  through: string;
  /** Days of the file not stored, with why (an incomplete bar: the session was not over). */
  skippedBars: SkippedBar[];
}

export interface ImportedFile {
  path: string;
  /** What was stored, per symbol, in the file's order. */
  series: ImportedSeries[];
  /** Symbols the file held that were not stored, with why (CD5, or no complete bar). */
  skippedSymbols: SkippedSymbol[];
}

/**
 * Imports one prices file (CSV, a saved Alpha Vantage answer of any market, the benchmark's JSON
 * or JSON Lines): stores each symbol's bars as 'import' and records the span they cover, so those
 * sessions are never downloaded. Throws ImportError naming the file; stores nothing then.
 */
export async function importPriceFile(
  deps: { store: PriceStore; now: () => Date },
  path: string,
  symbol?: string,
): Promise<ImportedFile> {
  const parsed = parsePricesFile(path, await readText(path), symbol);
  const withBars = parsed.series.filter((series) => series.bars.length > 0);
  const skippedSymbols = [
    ...parsed.skippedSymbols,
    ...parsed.series.filter((s) => s.bars.length === 0).map(noBars),
  ];
  if (withBars.length === 0 && skippedSymbols.length === 0)
    throw new ImportError('the file holds no bars', { file: path });
  const series: ImportedSeries[] = [];
  for (const entry of withBars) series.push(await storeSeries(deps, entry));
  return { path, series, skippedSymbols };
}

async function storeSeries(
  deps: { store: PriceStore; now: () => Date },
  series: ParsedSeries,
): Promise<ImportedSeries> {
  const from = (series.bars[0] as DailyBar).date;
  const through = (series.bars[series.bars.length - 1] as DailyBar).date;
  const barsStored = await deps.store.saveBars(series.bars, 'import');
  await deps.store.recordCoverage({
    symbol: series.symbol,
    startDate: from,
    endDate: through,
    source: 'import',
    fetchedAt: deps.now().toISOString(),
  });
  return {
    symbol: series.symbol,
    format: series.format,
    barsStored,
    from,
    through,
    skippedBars: series.skippedBars,
  };
}

function noBars(series: ParsedSeries): SkippedSymbol {
  const why = series.skippedBars.map((bar) => `${bar.date}: ${bar.reason}`).join('; ');
  return { symbol: series.symbol, reason: `no complete bar${why === '' ? '' : ` (${why})`}` };
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const detail =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : `cannot read the file (${error instanceof Error ? error.message : String(error)})`;
    throw new ImportError(detail, { file: path, cause: error });
  }
}

export interface SymbolCoverage {
  symbol: string;
  /** Bars stored within the range. */
  bars: number;
  first?: string;
  last?: string;
  /** Sessions of the range neither stored nor covered by a past download: what a download would fetch. */
  missing: number;
  /**
   * Where the bars within the range came from, most bars first (on a tie the less trusted source
   * first, so synthetic bars are never hidden behind real ones); empty when none are stored.
   */
  sources: SourceBars[];
}

export interface SourceBars {
  source: PriceSource;
  bars: number;
}

export interface CoverageSummary {
  range: DateRange;
  sessions: number;
  symbols: SymbolCoverage[];
}

/** What is stored for each symbol of `market` over [start, end], judged against the market's calendar. */
export async function describeCoverage(
  deps: { store: PriceStore; service: PriceDataService },
  market: Market,
  symbols: readonly string[],
  range: DateRange,
): Promise<CoverageSummary> {
  const { start, end } = range;
  // Counted within the range: a symbol's bars elsewhere (a demo run months ago) say nothing about these.
  const [stored, missing, counts] = await Promise.all([
    deps.store.storedDates(symbols, start, end),
    deps.service.missingSymbols(market, symbols, start, end),
    deps.store.barCountsBySource(symbols, start, end),
  ]);
  const rows = symbols.map((symbol): SymbolCoverage => {
    const dates = [...(stored.get(symbol) ?? [])].sort();
    return {
      symbol,
      bars: dates.length,
      ...(dates.length === 0 ? {} : { first: dates[0], last: dates[dates.length - 1] }),
      missing: missing.get(symbol)?.length ?? 0,
      sources: sourcesByBars(counts.get(symbol) ?? {}),
    };
  });
  return { range, sessions: market.calendar.countSessions(start, end), symbols: rows };
}

// The order sources are listed in when they have as many bars: least trustworthy first.
const LEAST_TRUSTED_FIRST: readonly PriceSource[] = ['synthetic', 'import', 'alphavantage'];

function sourcesByBars(counts: SourceCounts): SourceBars[] {
  return LEAST_TRUSTED_FIRST.flatMap((source) => {
    const bars = counts[source] ?? 0;
    return bars > 0 ? [{ source, bars }] : [];
  }).sort((a, b) => b.bars - a.bars);
}
