import type { DailyBar } from '../../core/bars.js';
import { kindForHttpStatus, readNotice } from './classify.js';
import { AlphaVantageError, isAlphaVantageError } from './errors.js';
import type { OutputSize } from './output-size.js';
import { DAILY_SERIES_KEY, parseDailySeries } from './parse-daily.js';
import type { RequestBudget } from './rate-limiter.js';
import { redactApiKey } from './redact.js';

export { chooseOutputSize, COMPACT_SESSIONS } from './output-size.js';
export type { OutputSize } from './output-size.js';

/** The one logger call the client makes; a pino logger fits. */
export interface AlphaVantageLogger {
  warn(obj: object, msg?: string): void;
}

export interface AlphaVantageClientOptions {
  apiKey: string;
  /** Default 'https://www.alphavantage.co'. */
  baseUrl?: string;
  /** Shared allowance of the key; every HTTP attempt (retries included) spends from it. */
  budget?: RequestBudget;
  /** Extra attempts after a 'server' or 'network' failure. Default 3. */
  maxRetries?: number;
  /** First retry delay; doubles per retry, with jitter. Default 1000. */
  backoffMs?: number;
  /** Per attempt, covering the body as well as the headers. Default 30000. */
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  logger?: AlphaVantageLogger;
}

export interface DailyFetchResult {
  /** Ascending by date. */
  bars: DailyBar[];
  /** The size actually served, which is 'compact' after a premium fallback. */
  outputSize: OutputSize;
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

/** Fetches TIME_SERIES_DAILY from Alpha Vantage, turning its many failure shapes into `AlphaVantageError`s. */
export class AlphaVantageClient {
  private readonly apiKey: string;
  private readonly baseUrl: string;
  private readonly budget: RequestBudget | undefined;
  private readonly maxRetries: number;
  private readonly backoffMs: number;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly logger: AlphaVantageLogger | undefined;

  constructor(options: AlphaVantageClientOptions) {
    this.apiKey = options.apiKey;
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.budget = options.budget;
    this.maxRetries = Math.floor(requireCount('maxRetries', options.maxRetries ?? 3, 0));
    this.backoffMs = requireCount('backoffMs', options.backoffMs ?? 1000, 0);
    this.timeoutMs = requireCount('timeoutMs', options.timeoutMs ?? 30_000, 1);
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.sleep = options.sleep ?? realSleep;
    this.logger = options.logger;
  }

  /**
   * Daily bars of one symbol. A 'full' request that the key may not make (a premium feature on the
   * free tier) is retried once as 'compact', with a warning, so callers still get the recent bars.
   */
  async fetchDaily(symbol: string, outputSize: OutputSize): Promise<DailyFetchResult> {
    const ticker = symbol.trim().toUpperCase();
    if (ticker === '') throw new AlphaVantageError('unknown_symbol', 'an empty symbol was requested');
    try {
      return { bars: await this.fetchSeries(ticker, outputSize), outputSize, warnings: [] };
    } catch (error) {
      if (outputSize !== 'full' || !isAlphaVantageError(error) || error.kind !== 'premium') throw error;
    }
    const warning = `${ticker}: full history is a premium feature for this key; fell back to compact (last 100 sessions)`;
    this.logger?.warn({ symbol: ticker }, warning);
    return { bars: await this.fetchSeries(ticker, 'compact'), outputSize: 'compact', warnings: [warning] };
  }

  private async fetchSeries(ticker: string, outputSize: OutputSize): Promise<DailyBar[]> {
    const url = this.dailyUrl(ticker, outputSize);
    for (let attempt = 0; ; attempt++) {
      await this.budget?.acquire();
      try {
        return await this.requestOnce(url, ticker);
      } catch (error) {
        if (!isAlphaVantageError(error) || !error.retryable || attempt >= this.maxRetries) throw error;
        const delayMs = this.backoffDelay(attempt);
        this.logger?.warn(
          {
            symbol: ticker,
            outputSize,
            attempt: attempt + 1,
            kind: error.kind,
            status: error.status,
            delayMs,
            url: this.redact(url),
          },
          `Alpha Vantage request failed, retrying: ${error.message}`,
        );
        await this.sleep(delayMs);
      }
    }
  }

  private async requestOnce(url: string, ticker: string): Promise<DailyBar[]> {
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
      throw new AlphaVantageError(
        statusKind,
        `${ticker}: Alpha Vantage answered HTTP ${status}${this.excerpt(text)}`,
        { status },
      );
    }

    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new AlphaVantageError(
        'bad_payload',
        `${ticker}: Alpha Vantage sent a body that is not JSON${this.excerpt(text)}`,
        { status },
      );
    }

    const notice = hasDailySeries(body) ? undefined : readNotice(body);
    if (notice) {
      throw new AlphaVantageError(
        notice.kind,
        `${ticker}: Alpha Vantage ${notice.field}: ${this.redact(notice.text)}`,
        { status },
      );
    }
    return parseDailySeries(body, ticker);
  }

  private dailyUrl(ticker: string, outputSize: OutputSize): string {
    const query = new URLSearchParams({
      function: 'TIME_SERIES_DAILY',
      symbol: ticker,
      outputsize: outputSize,
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
      `${ticker}: could not reach ${this.redact(this.baseUrl)}: ${this.redact(describeFailure(error))}`,
    );
  }

  /** Equal jitter: half the exponential delay is fixed, half random, so retrying clients spread out. */
  private backoffDelay(attempt: number): number {
    const ceiling = this.backoffMs * 2 ** attempt;
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  private excerpt(text: string): string {
    const trimmed = text.trim();
    if (trimmed === '') return '';
    const cut = trimmed.length > BODY_EXCERPT_CHARS ? `${trimmed.slice(0, BODY_EXCERPT_CHARS)}…` : trimmed;
    return `: ${this.redact(cut)}`;
  }

  private redact(text: string): string {
    return redactApiKey(text, this.apiKey);
  }
}

function hasDailySeries(body: unknown): boolean {
  return typeof body === 'object' && body !== null && DAILY_SERIES_KEY in body;
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
