import type { Logger } from 'pino';

/** Waits before each retry of a transient fault: about 12 s in all, enough for a PostgreSQL restart or failover. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [250, 1000, 3000, 8000];

export interface RetryPolicy {
  /** True for failures worth trying again (a dropped connection, a busy lock). */
  isTransient(error: unknown): boolean;
  /** The wait before retry `attempt` (1 for the first); undefined: give up and throw. */
  delayMs(attempt: number): number | undefined;
  logger: Logger;
  /** Log every this many retries only (1: each); the first is always logged. */
  logEvery?: number;
  /** The log line of a retry; default `<what> hit a database fault; retrying`. */
  message?: (what: string) => string;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<boolean>;
}

/** Waits `ms`; false when `signal` aborted first. */
function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    timer.unref();
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A fixed list of waits: as many retries as entries. */
export const delaysFrom =
  (delays: readonly number[]) =>
  (attempt: number): number | undefined =>
    delays[attempt - 1];

/** Waits doubling from `firstMs` up to `maxMs`, without end. */
export const growingDelays =
  (firstMs: number, maxMs: number) =>
  (attempt: number): number =>
    Math.min(maxMs, firstMs * 2 ** Math.min(30, attempt - 1));

/**
 * Runs work again after a transient fault, with waits the policy sets, logging the retries. Only for
 * work safe to repeat: idempotent updates, and transactions that either committed nothing or check
 * first whether their earlier attempt committed.
 */
export class Retry {
  constructor(private readonly policy: RetryPolicy) {}

  /**
   * `operation`, retried while the policy allows; `what` and `context` name it in the log. With
   * `signal`, an abort during a wait throws the last error at once.
   */
  async run<T>(what: string, context: object, operation: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const sleep = this.policy.sleep ?? sleepUnlessAborted;
    const logEvery = this.policy.logEvery ?? 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await operation();
      } catch (error) {
        const delay = this.policy.delayMs(attempt);
        if (delay === undefined || !this.policy.isTransient(error)) throw error;
        if (attempt === 1 || attempt % logEvery === 0) {
          this.policy.logger.warn(
            {
              ...context,
              attempt,
              retry_in_ms: delay,
              err: error instanceof Error ? error.message : String(error),
            },
            this.policy.message?.(what) ?? `${what} hit a database fault; retrying`,
          );
        }
        if (!(await sleep(delay, signal))) throw error;
      }
    }
  }
}

type MethodName<P> = { [K in keyof P]: P[K] extends (...args: never[]) => unknown ? K : never }[keyof P] &
  string;

/**
 * `port` with every asynchronous method retried through `retry`, except `never`: those whose
 * acknowledgement, once lost, leaves the caller unable to tell whether they happened (a claim, an
 * insert), and which their callers simply ask again. One wrapper for every port, so what is retried
 * is said in one list. A method that answers synchronously is passed through.
 */
export function retried<P extends object>(
  port: P,
  retry: Retry,
  options: { what: string; never: readonly MethodName<P>[] },
): P {
  const never = new Set<string | symbol>(options.never);
  return new Proxy(port, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      // Called on the target itself: its private fields are not the proxy's.
      const method = (args: unknown[]): unknown =>
        (value as (...a: unknown[]) => unknown).apply(target, args);
      if (never.has(property)) return (...args: unknown[]): unknown => method(args);
      return (...args: unknown[]): unknown => {
        const first = method(args);
        if (!(first instanceof Promise)) return first;
        let attempts = 0;
        return retry.run(options.what, { method: String(property) }, () =>
          attempts++ === 0 ? first : (method(args) as Promise<unknown>),
        );
      };
    },
  });
}
