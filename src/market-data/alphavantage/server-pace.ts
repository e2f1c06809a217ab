/** Production window of Alpha Vantage's per-minute limit. */
export const RATE_WINDOW_MS = 60_000;

export interface ServerPaceOptions {
  /** Length of the server's rate window. Default 60 s; tests and benchmarks scale it down. */
  windowMs?: number;
  /** A monotonic clock in milliseconds. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** One granted request; say once how the server answered it. */
export interface PaceSlot {
  /** The server answered without a limit notice: the request counts against its window. */
  answered(): void;
  /**
   * The server refused with a per-minute or burst limit. With `retryAfterMs` every caller waits
   * that long; without it the pace is learned from what the server accepted in the last window.
   */
  refused(retryAfterMs?: number): void;
}

/**
 * The pace Alpha Vantage allows this key, learned from its answers rather than guessed from a tier.
 * Until the server first refuses, requests go out unpaced. At a refusal the pace becomes the number
 * of requests it answered in the last window, and from then on a request waits until fewer than
 * that many were answered (or are still in flight) within the window: a slot frees exactly when an
 * old answer leaves it. Answers are timed on arrival, after the server counted them, so a slot is
 * never reused early. One instance is shared by every caller of a client, granted in arrival order.
 */
export class ServerPace {
  readonly windowMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Arrival times of the answers the server counted within the last window, oldest first. */
  private answers: number[] = [];
  private inFlight = 0;
  private learnedLimit: number | undefined;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private queue: Promise<unknown> = Promise.resolve();
  private settleWaiters: (() => void)[] = [];

  constructor(options: ServerPaceOptions) {
    const windowMs = options.windowMs ?? RATE_WINDOW_MS;
    if (!Number.isFinite(windowMs) || windowMs <= 0)
      throw new RangeError(`windowMs must be a positive number, got ${windowMs}`);
    this.windowMs = windowMs;
    this.now = options.now;
    this.sleep = options.sleep;
  }

  /** Requests per window the server was last seen to allow; `undefined` until it first refuses. */
  get requestsPerWindow(): number | undefined {
    return this.learnedLimit;
  }

  /** Resolves when a request may be sent. */
  acquire(): Promise<PaceSlot> {
    const turn = this.queue.then(() => this.waitForSlot());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** How long a request asked for now would wait, as far as the clock can tell (0 = at once). */
  waitMs(): number {
    const now = this.now();
    this.forgetExpired(now);
    return Math.max(0, this.pauseLeft(now), this.slotWait(now) ?? 0);
  }

  private async waitForSlot(): Promise<PaceSlot> {
    for (;;) {
      const now = this.now();
      this.forgetExpired(now);
      const slotWait = this.slotWait(now);
      const wait = Math.max(this.pauseLeft(now), slotWait ?? 0);
      if (wait > 0) {
        await this.sleep(wait);
      } else if (slotWait === undefined) {
        // Every slot is held by a request still in flight: only its answer can free one.
        await new Promise<void>((resolve) => this.settleWaiters.push(resolve));
      } else {
        this.inFlight += 1;
        return this.slot();
      }
    }
  }

  private slot(): PaceSlot {
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      this.inFlight -= 1;
      for (const wake of this.settleWaiters.splice(0)) wake();
      return true;
    };
    return {
      answered: () => {
        if (settle()) this.answers.push(this.now());
      },
      refused: (retryAfterMs) => {
        if (settle()) this.learnFromRefusal(retryAfterMs);
      },
    };
  }

  private learnFromRefusal(retryAfterMs: number | undefined): void {
    const now = this.now();
    this.forgetExpired(now);
    if (retryAfterMs !== undefined) {
      this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
    } else if (this.answers.length > 0) {
      this.learnedLimit = this.answers.length;
    } else {
      // Refused although nothing of ours is in the window: others spent it. Only a whole window
      // is sure to clear what we cannot see.
      this.pausedUntil = Math.max(this.pausedUntil, now + this.windowMs);
    }
  }

  private pauseLeft(now: number): number {
    return this.pausedUntil - now;
  }

  /**
   * Milliseconds until the learned pace has a free slot (0 when one is free now), or `undefined`
   * when requests in flight hold every slot.
   */
  private slotWait(now: number): number | undefined {
    const limit = this.learnedLimit;
    if (limit === undefined) return 0;
    const used = this.inFlight + this.answers.length;
    if (used < limit) return 0;
    const mustLeave = used - limit + 1;
    const freeing = this.answers[mustLeave - 1];
    return freeing === undefined ? undefined : freeing + this.windowMs - now;
  }

  private forgetExpired(now: number): void {
    const cutoff = now - this.windowMs;
    let expired = 0;
    while (expired < this.answers.length && (this.answers[expired] as number) <= cutoff) expired++;
    if (expired > 0) this.answers.splice(0, expired);
  }
}
