import { AlphaVantageError } from './errors.js';
import { RATE_WINDOW_MS } from './server-pace.js';

export interface RequestBudgetOptions {
  /** Requests allowed in any rolling minute; 0, Infinity or absent means no per-minute budget. */
  perMinute?: number;
  /** Requests allowed in any rolling 24 h; 0, Infinity or absent means no daily budget. */
  perDay?: number;
  /** Length of the "minute" window. Default 60 s; tests scale it down. */
  minuteMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const DAY_MS = 24 * 60 * RATE_WINDOW_MS;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function normaliseLimit(limit: number | undefined): number {
  const value = limit ?? 0;
  if (value === 0 || value === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`request limit must be a non-negative integer, got ${value}`);
  return value;
}

/**
 * An opt-in client-side allowance, for an operator who wants to spend fewer requests than the key
 * allows (the server's own limits are learned from its answers, see ServerPace). Both budgets are
 * sliding windows over the times requests were granted. Waiting out the minute is cheap, so
 * `acquire` waits; waiting out the day is not, so it fails at once with a 'daily_limit' error.
 */
export class RequestBudget {
  readonly perMinute: number;
  readonly perDay: number;
  private readonly minuteMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Grant times within the last day, oldest first. */
  private grants: number[] = [];
  /** Serialises callers so they are granted in arrival order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(options: RequestBudgetOptions = {}) {
    this.perMinute = normaliseLimit(options.perMinute);
    this.perDay = normaliseLimit(options.perDay);
    this.minuteMs = options.minuteMs ?? RATE_WINDOW_MS;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
  }

  /** Resolves when a request may be sent (and counts it); rejects when today's budget is spent. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** How many more requests the rolling day allows right now. */
  remainingToday(): number {
    this.forgetExpired(this.now());
    return Math.max(0, this.perDay - this.grants.length);
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.now();
      this.forgetExpired(now);
      if (this.grants.length >= this.perDay) {
        throw new AlphaVantageError(
          'daily_limit',
          `the client's daily request budget for Alpha Vantage (${this.perDay} per 24 h) is spent; try again later or raise the budget`,
        );
      }
      const wait = this.minuteWaitMs(now);
      if (wait <= 0) {
        this.grants.push(now);
        return;
      }
      await this.sleep(wait);
    }
  }

  /** Milliseconds until the oldest grant of the last minute leaves the window, or 0 if a slot is free. */
  private minuteWaitMs(now: number): number {
    if (!Number.isFinite(this.perMinute)) return 0;
    const windowStart = now - this.minuteMs;
    const inWindow = this.grants.filter((time) => time > windowStart);
    if (inWindow.length < this.perMinute) return 0;
    const blocking = inWindow[inWindow.length - this.perMinute] as number;
    return blocking + this.minuteMs - now;
  }

  /** Drops grants that no window still counts (only the minute matters when the day is unlimited). */
  private forgetExpired(now: number): void {
    const cutoff = now - (Number.isFinite(this.perDay) ? DAY_MS : this.minuteMs);
    while (this.grants.length > 0 && (this.grants[0] as number) <= cutoff) this.grants.shift();
  }
}
