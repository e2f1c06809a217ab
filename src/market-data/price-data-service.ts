import type { DailyBar } from '../core/bars.js';
import type { Market } from '../core/markets/index.js';
import { assessAvailability, prioritiseDownloads, unknownSessions, type Availability } from './coverage.js';
import { claimWhenFree, type DownloadClaimant, type DownloadClaims } from './download-claims.js';
import { HistoryFetchError, type HistoryFailureKind, type PriceHistoryProvider } from './history-provider.js';
import type { PriceSource, PriceStore } from './price-store.js';

export interface DownloadFailure {
  symbol: string;
  /** `no_provider`: nothing to download from; `error`: an unexpected failure. */
  kind: HistoryFailureKind | 'no_provider' | 'error';
  reason: string;
}

export interface DownloadReport {
  /** Symbols that needed bars, in the order they were (or would have been) fetched. */
  needed: string[];
  /** Symbols whose bars are stored now: fetched by this download, or by another that held them. */
  downloaded: string[];
  /** Of `downloaded`, those another download (another job, another process) fetched meanwhile. */
  storedElsewhere: string[];
  /** Failures, then the symbols not attempted after a stop (their reason starts "not attempted: "). */
  failed: DownloadFailure[];
  /** True when the provider's daily limit (or a rate limit that outlasted every retry) stopped the download. */
  rateLimited: boolean;
  /** The failure that stopped the download early, if one did. */
  stoppedBy?: DownloadFailure;
  barsStored: number;
  warnings: string[];
}

export interface DownloadProgress {
  done: number;
  total: number;
  symbol: string;
  ok: boolean;
}

export interface PriceDataServiceDeps {
  store: PriceStore;
  /** Absent when no provider is configured: missing bars are then reported, never fetched. */
  provider?: PriceHistoryProvider;
  now: () => Date;
  logger?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
  /**
   * Why there is no provider, in words an operator can act on (e.g. which setting is missing);
   * given by whoever chose the provider, since only they know.
   */
  noProviderReason?: string;
  /** When several downloads share the database: a symbol is fetched by one of them at a time. */
  claims?: DownloadClaims;
}

/** Failures after which asking for the next symbol is pointless: every request would fail the same way. */
const STOPPING_KINDS: ReadonlySet<string> = new Set(['daily_limit', 'rate_limit', 'invalid_key']);
const LIMIT_KINDS: ReadonlySet<string> = new Set(['daily_limit', 'rate_limit']);

const PROVIDER_NAMES: Record<PriceSource, string> = {
  alphavantage: 'Alpha Vantage',
  synthetic: 'The synthetic data',
  import: 'The import',
};

/**
 * Makes sure the bars a simulation needs are stored: checks coverage against the market's trading
 * calendar, downloads what is missing in priority order, and says which sessions can run. Every
 * market goes through the same service and provider, so coverage, priority, claims and the
 * provider's allowance work the same for all of them (and one allowance is shared by all).
 */
export class PriceDataService {
  constructor(private readonly deps: PriceDataServiceDeps) {}

  /** Per symbol of `market`, the sessions in [start, end] it lacks bars for (symbols lacking none are left out). */
  async missingSymbols(
    market: Market,
    symbols: readonly string[],
    start: string,
    end: string,
  ): Promise<Map<string, string[]>> {
    const sessions = market.calendar.sessionsBetween(start, end);
    if (sessions.length === 0) return new Map();
    const [stored, spans] = await Promise.all([
      this.deps.store.storedDates(symbols, start, end),
      this.deps.store.coverage(symbols, start, end),
    ]);
    return unknownSessions({ sessions, symbols, stored, spans });
  }

  /** Downloads every symbol that lacks bars for [start, end]; stops at a rate limit, keeping what was stored. */
  async download(
    market: Market,
    symbols: readonly string[],
    start: string,
    end: string,
    onProgress?: (p: DownloadProgress) => void,
    options: { signal?: AbortSignal; logger?: PriceDataServiceDeps['logger'] } = {},
  ): Promise<DownloadReport> {
    const logger = options.logger ?? this.deps.logger;
    const unknown = await this.missingSymbols(market, symbols, start, end);
    const needed = prioritiseDownloads(unknown);
    const report: DownloadReport = {
      needed,
      downloaded: [],
      storedElsewhere: [],
      failed: [],
      rateLimited: false,
      barsStored: 0,
      warnings: [],
    };
    const provider = this.deps.provider;
    if (needed.length === 0) return report;
    if (!provider) {
      const reason = this.deps.noProviderReason ?? 'no price data provider is configured';
      report.failed = needed.map((symbol) => ({ symbol, kind: 'no_provider', reason }));
      report.warnings.push(`${needed.length} symbols could not be downloaded: ${reason}`);
      logger?.warn({ symbols: needed.length }, `price download impossible: ${reason}`);
      return report;
    }

    const claimant = this.deps.claims?.claimant();
    const fetchOne = async (symbol: string, index: number, oldest: string): Promise<void> => {
      try {
        const result = await provider.fetchHistory(symbol, oldest, end, market);
        const bars =
          provider.source === 'synthetic' ? await this.#withoutStored(symbol, result.bars) : result.bars;
        report.barsStored += await this.deps.store.saveBars(bars, provider.source);
        await this.deps.store.recordCoverage({
          symbol,
          startDate: result.coverage.from,
          endDate: result.coverage.through,
          source: provider.source,
          fetchedAt: this.deps.now().toISOString(),
        });
        report.downloaded.push(symbol);
        report.warnings.push(...result.warnings);
        onProgress?.({ done: index + 1, total: needed.length, symbol, ok: true });
      } catch (error) {
        const failure = toFailure(symbol, error);
        report.failed.push(failure);
        // What the provider answered is for the operator; the failure's reason may reach a job's warnings.
        const upstream = error instanceof HistoryFetchError ? error.upstream : undefined;
        logger?.warn(
          { symbol, kind: failure.kind, ...(upstream ? { upstream } : {}) },
          `price download failed: ${failure.reason}`,
        );
        if (STOPPING_KINDS.has(failure.kind)) {
          report.stoppedBy = failure;
          report.rateLimited = LIMIT_KINDS.has(failure.kind);
        }
        onProgress?.({ done: index + 1, total: needed.length, symbol, ok: false });
      } finally {
        await claimant?.release(symbol).catch(() => undefined);
      }
    };
    const notAttempted = (symbol: string): boolean => {
      const stopped = report.stoppedBy;
      if (stopped)
        report.failed.push({ symbol, kind: stopped.kind, reason: `not attempted: ${stopped.reason}` });
      return stopped !== undefined;
    };

    /** Once the symbol is ours: fetched unless another download stored it since we looked. */
    const fetchIfStillMissing = async (symbol: string, index: number): Promise<void> => {
      const still = (await this.missingSymbols(market, [symbol], start, end)).get(symbol);
      if (still !== undefined) return fetchOne(symbol, index, still[0] ?? start);
      await claimant?.release(symbol);
      report.downloaded.push(symbol);
      report.storedElsewhere.push(symbol);
      onProgress?.({ done: index + 1, total: needed.length, symbol, ok: true });
    };

    try {
      // Symbols another download is fetching are left for last: by then their bars are likely stored.
      const heldElsewhere: [number, string][] = [];
      for (const [index, symbol] of needed.entries()) {
        // A shutdown stops between symbols: what is stored stays, and the job resumes later.
        if (options.signal?.aborted) break;
        if (notAttempted(symbol)) continue;
        if (!claimant) {
          await fetchOne(symbol, index, unknown.get(symbol)?.[0] ?? start);
        } else if (await claimant.tryClaim(symbol)) {
          await fetchIfStillMissing(symbol, index);
        } else {
          heldElsewhere.push([index, symbol]);
        }
      }
      for (const [index, symbol] of heldElsewhere) {
        if (options.signal?.aborted) break;
        if (notAttempted(symbol)) continue;
        if (!(await claimWhenFree(claimant as DownloadClaimant, symbol, options.signal))) break;
        await fetchIfStillMissing(symbol, index);
      }
    } finally {
      await claimant?.close().catch(() => undefined);
    }
    const warnings = downloadWarnings(report, provider.source);
    if (report.stoppedBy) {
      const remaining = needed.length - report.downloaded.length;
      logger?.warn({ kind: report.stoppedBy.kind, remaining }, `price download stopped: ${warnings[0]}`);
    }
    report.warnings.push(...warnings);
    return report;
  }

  /** Synthetic bars only fill gaps: a real (downloaded or imported) bar is never overwritten by one. */
  async #withoutStored(symbol: string, bars: readonly DailyBar[]): Promise<DailyBar[]> {
    const first = bars[0];
    const last = bars[bars.length - 1];
    if (!first || !last) return [];
    const stored = (await this.deps.store.storedDates([symbol], first.date, last.date)).get(symbol);
    return stored ? bars.filter((b) => !stored.has(b.date)) : [...bars];
  }

  /** The stored bars of `symbols` with start <= date <= end (what a job trades on), by symbol then date. */
  storedBars(symbols: readonly string[], start: string, end: string): Promise<DailyBar[]> {
    return this.deps.store.loadBars(symbols, start, end);
  }

  /** Which sessions of `market` in [start, end] can run with what is stored now. */
  async availability(
    market: Market,
    symbols: readonly string[],
    start: string,
    end: string,
  ): Promise<Availability> {
    const sessions = market.calendar.sessionsBetween(start, end);
    if (sessions.length === 0) return { runnable: [], skipped: [], unavailableSymbols: [] };
    const [stored, spans] = await Promise.all([
      this.deps.store.storedDates(symbols, start, end),
      this.deps.store.coverage(symbols, start, end),
    ]);
    return assessAvailability({ sessions, symbols, stored, spans });
  }
}

function toFailure(symbol: string, error: unknown): DownloadFailure {
  if (error instanceof HistoryFetchError) return { symbol, kind: error.kind, reason: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { symbol, kind: 'error', reason: message };
}

/**
 * The job warnings of a download: why it stopped early, if it did, then how many symbols failed
 * on their own (the original server's "N symbols failed to download").
 */
export function downloadWarnings(report: DownloadReport, source: PriceSource): string[] {
  const warnings: string[] = [];
  const stop = report.stoppedBy;
  const progress =
    `downloaded ${report.downloaded.length}/${report.needed.length} symbols; ` +
    'the job continues with the prices stored';
  // Every failure of the stopping kind came with the stop: it is the first of its kind that stops.
  const stoppedHere = stop ? report.failed.filter((f) => f.kind === stop.kind) : [];
  if (stop?.kind === 'daily_limit') {
    warnings.push(`${PROVIDER_NAMES[source]} daily request limit reached - ${progress}`);
  } else if (stop?.kind === 'rate_limit') {
    warnings.push(`${PROVIDER_NAMES[source]} kept refusing requests at its rate limit - ${progress}`);
  } else if (stop) {
    warnings.push(`${stoppedHere.length} symbols could not be downloaded: ${stop.reason}`);
  }
  const otherFailures = report.failed.filter((f) => !stoppedHere.includes(f));
  if (otherFailures.length > 0) warnings.push(`${otherFailures.length} symbols failed to download`);
  return warnings;
}

/** `Skipped N dates due to incomplete price data: ['2025-10-02', ...]` (the original's list format). */
export function skippedDatesWarning(dates: readonly string[]): string {
  return `Skipped ${dates.length} dates due to incomplete price data: [${dates.map((d) => `'${d}'`).join(', ')}]`;
}
