import type { DailyBar } from '../../core/bars.js';
import type { Market } from '../../core/markets/index.js';
import { redactUrl, redactUrlsIn } from '../../core/redact-url.js';
import { bodyExcerpt } from '../../core/upstream-body.js';
import { kindForHttpStatus, readNotice } from './classify.js';
import { AlphaVantageError, isAlphaVantageError, type AlphaVantageErrorOptions } from './errors.js';
import { alphaVantageSeries, type AlphaVantageSeries } from './market-series.js';
import type { OutputSize } from './output-size.js';
import type { RequestBudget } from './rate-limiter.js';
import { redactApiKey } from './redact.js';
import type { PaceLedger } from './pace-ledger.js';
import { parseRetryAfter } from './retry-after.js';
import { RATE_WINDOW_MS, ServerPace } from './server-pace.js';

export { chooseOutputSize, COMPACT_SESSIONS } from './output-size.js';
export type { OutputSize } from './output-size.js';

/** The only logging the client does; a pino logger fits. */
export interface AlphaVantageLogger {
  warn(obj: object, msg?: string): void;
}

export interface AlphaVantageClientOptions {
  apiKey: string;
  /** Default 'https://www.alphavantage.co'. */
  baseUrl?: string;
  /**
   * An optional client-side allowance; every HTTP attempt (retries included) spends from it. Without
   * one the client asks as fast as the server answers and learns its pace from its limit answers.
   */
  budget?: RequestBudget;
  /** Extra attempts after a 'server' or 'network' failure. Default 3. */
  maxRetries?: number;
  /** First retry delay; doubles per retry, with jitter. Default 1000. */
  backoffMs?: number;
  /** Extra attempts of one request after per-minute or burst limit answers. Default 5. */
  maxRateLimitRetries?: number;
  /** Most time one request spends waiting after limit answers before giving up. Default 3 windows. */
  maxRateLimitWaitMs?: number;
  /** Length of the server's per-minute window. Default 60 s; tests and benchmarks scale it down. */
  rateWindowMs?: number;
  /**
   * Where the learned pace lives, given the window: in this client (default), or in the database,
   * shared by every process that uses the key (see `PaceLedger`).
   */
  paceLedger?: (windowMs: number) => PaceLedger;
  /** Per attempt, covering the body as well as the headers. Default 30000. */
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  /** A monotonic clock in milliseconds, for pacing. Default `performance.now`. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  logger?: AlphaVantageLogger;
}

export interface DailyFetchResult {
  /** Ascending by date, under the arena's spelling of the symbol (`600519.SH`, `BTC-USDT`). */
  bars: DailyBar[];
  /**
   * The size actually served, which is 'compact' after a premium fallback; null for a series Alpha
   * Vantage does not size (DIGITAL_CURRENCY_DAILY).
   */
  outputSize: OutputSize | null;
  /** True when the answer is the symbol's whole listed history (a full TIME_SERIES_DAILY). */
  wholeHistory: boolean;
  warnings: string[];
}

const DEFAULT_BASE_URL = 'https://www.alphavantage.co';
const BODY_EXCERPT_CHARS = 120;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function requireCount(name: string, value: number, minimum: number): number {
  if (!Number.isFinite(value) || value < minimum)
    throw new RangeError(`${name} must be a number >= ${minimum}, got ${value}`);
  return value;
}

/**
 * Fetches daily bars from Alpha Vantage for every market (TIME_SERIES_DAILY, DIGITAL_CURRENCY_DAILY),
 * turning its many failure shapes into `AlphaVantageError`s. One client is one key: every request of
 * every market spends the same allowance and is paced together.
 */
export class AlphaVantageClient {
  private readonly apiKey: string;
  private readonly baseUrl: string;
  private readonly budget: RequestBudget | undefined;
  private readonly maxRetries: number;
  private readonly backoffMs: number;
  private readonly maxRateLimitRetries: number;
  private readonly maxRateLimitWaitMs: number;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly logger: AlphaVantageLogger | undefined;
  /** The server's pace, learned once for every caller of this client (they share the key). */
  private readonly pace: ServerPace;

  constructor(options: AlphaVantageClientOptions) {
    this.apiKey = options.apiKey;
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.budget = options.budget;
    this.maxRetries = Math.floor(requireCount('maxRetries', options.maxRetries ?? 3, 0));
    this.backoffMs = requireCount('backoffMs', options.backoffMs ?? 1000, 0);
    this.maxRateLimitRetries = Math.floor(
      requireCount('maxRateLimitRetries', options.maxRateLimitRetries ?? 5, 0),
    );
    const windowMs = requireCount('rateWindowMs', options.rateWindowMs ?? RATE_WINDOW_MS, 1);
    this.maxRateLimitWaitMs = requireCount(
      'maxRateLimitWaitMs',
      options.maxRateLimitWaitMs ?? 3 * windowMs,
      0,
    );
    this.timeoutMs = requireCount('timeoutMs', options.timeoutMs ?? 30_000, 1);
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? realSleep;
    this.logger = options.logger;
    this.pace = new ServerPace({
      windowMs,
      now: this.now,
      sleep: this.sleep,
      ...(options.paceLedger ? { ledger: options.paceLedger } : {}),
    });
  }

  /** Requests per window Alpha Vantage was last seen to allow; `undefined` until it first refuses one. */
  get learnedRequestsPerWindow(): number | undefined {
    return this.pace.requestsPerWindow;
  }

  /**
   * Daily bars of one symbol of `market`, in the arena's spelling. A 'full' request that the key may
   * not make (a premium feature on the free tier) is retried once as 'compact', with a warning, so
   * callers still get the recent bars. A series without sizes ignores `outputSize`.
   */
  async fetchDaily(symbol: string, outputSize: OutputSize, market: Market): Promise<DailyFetchResult> {
    const ticker = symbol.trim().toUpperCase();
    if (ticker === '') throw new AlphaVantageError('unknown_symbol', 'an empty symbol was requested');
    const series = alphaVantageSeries(market, ticker);
    if (!series.sized) {
      const bars = await this.fetchSeries(series, ticker, null);
      return { bars, outputSize: null, wholeHistory: false, warnings: [] };
    }
    try {
      const bars = await this.fetchSeries(series, ticker, outputSize);
      return { bars, outputSize, wholeHistory: outputSize === 'full', warnings: [] };
    } catch (error) {
      if (outputSize !== 'full' || !isAlphaVantageError(error) || error.kind !== 'premium') throw error;
    }
    const warning = `${ticker}: full history is a premium feature for this key; fell back to compact (last 100 sessions)`;
    this.logger?.warn({ symbol: ticker }, warning);
    const bars = await this.fetchSeries(series, ticker, 'compact');
    return { bars, outputSize: 'compact', wholeHistory: false, warnings: [warning] };
  }

  private async fetchSeries(
    series: AlphaVantageSeries,
    ticker: string,
    outputSize: OutputSize | null,
  ): Promise<DailyBar[]> {
    const url = this.seriesUrl(series, outputSize);
    let failures = 0;
    let refusals = 0;
    let refusedWaitMs = 0;
    for (let attempt = 1; ; attempt++) {
      await this.budget?.acquire();
      const queuedAt = this.now();
      const slot = await this.pace.acquire();
      if (refusals > 0) refusedWaitMs += this.now() - queuedAt;
      let error: unknown;
      try {
        const bars = await this.requestOnce(url, ticker, series);
        await slot.answered();
        return bars;
      } catch (caught) {
        error = caught;
      }
      if (!isAlphaVantageError(error)) {
        await slot.answered();
        throw error;
      }
      const context = { symbol: ticker, outputSize, attempt, kind: error.kind, status: error.status };

      if (error.kind === 'rate_limit') {
        // A per-minute or burst answer: the server will take the request again shortly.
        await slot.refused(error.retryAfterMs);
        refusals += 1;
        const waitMs = this.pace.waitMs();
        if (refusals > this.maxRateLimitRetries || refusedWaitMs + waitMs > this.maxRateLimitWaitMs) {
          throw new AlphaVantageError(
            'rate_limit',
            `${error.message} (still refused after ${attempt} attempts and ${Math.round(refusedWaitMs)} ms of waiting)`,
            optionsOf(error),
          );
        }
        this.logger?.warn(
          { ...context, waitMs: Math.round(waitMs), requestsPerWindow: this.pace.requestsPerWindow },
          `Alpha Vantage rate limit answer; waiting before retrying ${ticker}`,
        );
        continue; // the pace waits before granting the next attempt
      }

      await slot.answered();
      if (!error.retryable || failures >= this.maxRetries) throw error;
      failures += 1;
      const delayMs = this.backoffDelay(failures - 1);
      this.logger?.warn(
        { ...context, delayMs, url: this.redact(url), ...(error.upstream ? { body: error.upstream } : {}) },
        `Alpha Vantage request failed, retrying: ${error.message}`,
      );
      await this.sleep(delayMs);
    }
  }

  private async requestOnce(url: string, ticker: string, series: AlphaVantageSeries): Promise<DailyBar[]> {
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(url, {
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: { accept: 'application/json' },
      });
      text = await response.text();
    } catch (error) {
      throw this.networkError(ticker, error);
    }

    const status = response.status;
    const statusKind = kindForHttpStatus(status);
    if (statusKind) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      throw new AlphaVantageError(statusKind, `${ticker}: Alpha Vantage answered HTTP ${status}`, {
        status,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        ...this.upstream(text),
      });
    }

    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new AlphaVantageError('bad_payload', `${ticker}: Alpha Vantage sent a body that is not JSON`, {
        status,
        ...this.upstream(text),
      });
    }

    const notice = hasSeries(body, series.seriesKey) ? undefined : readNotice(body);
    if (notice) {
      const text = this.redact(notice.text);
      throw new AlphaVantageError(notice.kind, `${ticker}: Alpha Vantage ${notice.field}: ${text}`, {
        status,
        notice: text,
      });
    }
    try {
      return series.parse(body);
    } catch (error) {
      // The parsers name the series as Alpha Vantage spells it (`600519.SHH`, `ETH`); say ours too.
      if (!isAlphaVantageError(error) || error.message.startsWith(`${ticker}:`)) throw error;
      throw new AlphaVantageError(error.kind, `${ticker}: ${error.message}`, optionsOf(error));
    }
  }

  private seriesUrl(series: AlphaVantageSeries, outputSize: OutputSize | null): string {
    const query = new URLSearchParams({
      ...series.query,
      ...(outputSize === null ? {} : { outputsize: outputSize }),
      apikey: this.apiKey,
      datatype: 'json',
    });
    return `${this.baseUrl}/query?${query.toString()}`;
  }

  private networkError(ticker: string, error: unknown): AlphaVantageError {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return new AlphaVantageError(
        'network',
        `${ticker}: Alpha Vantage did not answer within ${this.timeoutMs} ms (timed out)`,
      );
    }
    return new AlphaVantageError(
      'network',
      `${ticker}: could not reach ${redactUrl(this.baseUrl)}: ${redactUrlsIn(this.redact(describeFailure(error)))}`,
    );
  }

  /** Equal jitter: half the exponential delay is fixed, half random, so retrying clients spread out. */
  private backoffDelay(attempt: number): number {
    const ceiling = this.backoffMs * 2 ** attempt;
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  /** What Alpha Vantage said when it failed: kept on the error for the log, never in its message. */
  private upstream(text: string): { upstream?: string } {
    const body = this.redact(bodyExcerpt(text, BODY_EXCERPT_CHARS));
    return body === '' ? {} : { upstream: body };
  }

  private redact(text: string): string {
    return redactApiKey(text, this.apiKey);
  }
}

function optionsOf(error: AlphaVantageError): AlphaVantageErrorOptions {
  return {
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.notice === undefined ? {} : { notice: error.notice }),
    ...(error.upstream === undefined ? {} : { upstream: error.upstream }),
  };
}

function hasSeries(body: unknown, seriesKey: string): boolean {
  return typeof body === 'object' && body !== null && seriesKey in body;
}

/** fetch() rejects with a bare "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND ...) is in `cause`. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return `${error.message} (${typeof code === 'string' ? `${code}: ` : ''}${cause.message})`;
  }
  return error.message;
}
