import { ProviderError } from './provider.js';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Never wait longer than this between attempts, whatever the server asks for. */
export const MAX_RETRY_DELAY_MS = 60_000;

export interface RetryOptions {
  /** Retries after the first attempt; 0 means a single attempt. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs?: number;
  sleep?: Sleep;
  /** Source of jitter in [0, 1); injectable so tests can pin delays. */
  random?: () => number;
  signal?: AbortSignal;
}

/** Resolves after `ms`, or rejects with an 'aborted' ProviderError as soon as the signal fires. */
export const abortableSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export function abortedError(): ProviderError {
  return new ProviderError('aborted', 'LLM request aborted by the caller', { retryable: false });
}

interface HeaderLookup {
  get(name: string): string | null;
}

/**
 * The delay a server asked for, from `retry-after-ms` (OpenAI's non-standard header, more precise)
 * or `Retry-After` as delta-seconds or an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: HeaderLookup | undefined, nowMs: number): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = headers.get('retry-after')?.trim();
  if (!retryAfter) return undefined;
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number(retryAfter) * 1000;
  // HTTP dates always name a month; without this, Date.parse reads "-3" as a year.
  if (!/[a-z]/i.test(retryAfter)) return undefined;
  const date = Date.parse(retryAfter);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Exponential backoff with "equal jitter": half the delay is fixed, half random, so retries spread out. */
export function backoffDelayMs(
  retryNumber: number,
  baseDelayMs: number,
  maxDelayMs: number = MAX_RETRY_DELAY_MS,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

/** The wait before retry number `retryNumber` (1-based): the server's wish when it stated one. */
export function retryDelayMs(error: ProviderError, retryNumber: number, options: RetryOptions): number {
  const maxDelayMs = options.maxDelayMs ?? MAX_RETRY_DELAY_MS;
  if (error.retryAfterMs !== undefined) return Math.min(maxDelayMs, Math.max(0, error.retryAfterMs));
  return backoffDelayMs(retryNumber, options.baseDelayMs, maxDelayMs, options.random);
}

/**
 * Runs `attempt` until it succeeds, throws something not retryable, or the retries run out.
 * Only ProviderErrors marked retryable are retried; anything else is a bug or a final answer.
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions,
): Promise<{ value: T; attempts: number }> {
  const sleep = options.sleep ?? abortableSleep;
  for (let attemptNumber = 1; ; attemptNumber++) {
    if (options.signal?.aborted) throw abortedError();
    try {
      return { value: await attempt(attemptNumber), attempts: attemptNumber };
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      if (!error.retryable || attemptNumber > options.maxRetries) throw withAttempts(error, attemptNumber);
      await sleep(retryDelayMs(error, attemptNumber, options), options.signal);
    }
  }
}

function withAttempts(error: ProviderError, attempts: number): ProviderError {
  if (attempts === 1) return new ProviderError(error.kind, error.message, { ...detailsOf(error), attempts });
  return new ProviderError(error.kind, `${error.message} (after ${attempts} attempts)`, {
    ...detailsOf(error),
    attempts,
  });
}

function detailsOf(error: ProviderError): ConstructorParameters<typeof ProviderError>[2] {
  return {
    status: error.status,
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
    cause: error.cause,
    upstream: error.upstream,
  };
}
