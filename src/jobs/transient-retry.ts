import type { Logger } from 'pino';

/** Waits before each retry: about 12 s in all, enough for a PostgreSQL restart or failover. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [250, 1000, 3000, 8000];

export interface TransientRetryOptions {
  /** True for failures that may well pass in a moment (a dropped connection, a busy lock). */
  isTransient(error: unknown): boolean;
  /** The wait before each retry; as many retries as entries. */
  delaysMs?: readonly number[];
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * Runs database work again after a transient fault, a bounded number of times with growing waits,
 * logging each retry. Only for work that is safe to repeat: idempotent updates, and transactions
 * that either committed nothing or check first whether their earlier attempt committed.
 */
export class TransientRetry {
  readonly #delays: readonly number[];
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: TransientRetryOptions) {
    this.#delays = options.delaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.#sleep = options.sleep ?? defaultSleep;
  }

  /** `operation`, retried on transient faults; `what` and `context` name it in the log. */
  async run<T>(what: string, context: object, operation: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await operation();
      } catch (error) {
        const delay = this.#delays[attempt];
        if (delay === undefined || !this.options.isTransient(error)) throw error;
        this.options.logger.warn(
          {
            ...context,
            attempt: attempt + 1,
            retry_in_ms: delay,
            err: error instanceof Error ? error.message : String(error),
          },
          `${what} hit a database fault; retrying`,
        );
        await this.#sleep(delay);
      }
    }
  }
}
