import { MemoryPaceLedger, type PaceLedger, type PaceOutcome, type PaceTicket } from './pace-ledger.js';

/** Production window of Alpha Vantage's per-minute limit. */
export const RATE_WINDOW_MS = 60_000;

export interface ServerPaceOptions {
  /** Length of the server's rate window. Default 60 s; tests and benchmarks scale it down. */
  windowMs?: number;
  /** A monotonic clock in milliseconds (for the in-memory ledger). */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /**
   * Where the pace's state lives, given the window; default in this process. Shared through the
   * database, one process's limit answer paces every process using the key.
   */
  ledger?: (windowMs: number) => PaceLedger;
}

/** One granted request; say once how the server answered it. */
export interface PaceSlot {
  /** The server answered without a limit notice: the request counts against its window. */
  answered(): Promise<void>;
  /**
   * The server refused with a per-minute or burst limit. With `retryAfterMs` every caller waits
   * that long; without it the pace is learned from what the server accepted in the last window.
   */
  refused(retryAfterMs?: number): Promise<void>;
}

/**
 * The pace Alpha Vantage allows this key, learned from its answers rather than guessed from a tier.
 * Until the server first refuses, requests go out unpaced. At a refusal the pace becomes the number
 * of requests it answered in the last window, and from then on a request waits until fewer than
 * that many were answered (or are still in flight) within the window: a slot frees exactly when an
 * old answer leaves it. Answers are timed on arrival, after the server counted them, so a slot is
 * never reused early. One instance is shared by every caller of a client, granted in arrival order;
 * its ledger may be shared by every process (see `PaceLedger`).
 */
export class ServerPace {
  readonly windowMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly ledger: PaceLedger;
  private queue: Promise<unknown> = Promise.resolve();
  private settleWaiters: (() => void)[] = [];

  constructor(options: ServerPaceOptions) {
    const windowMs = options.windowMs ?? RATE_WINDOW_MS;
    if (!Number.isFinite(windowMs) || windowMs <= 0)
      throw new RangeError(`windowMs must be a positive number, got ${windowMs}`);
    this.windowMs = windowMs;
    this.sleep = options.sleep;
    this.ledger = options.ledger?.(windowMs) ?? new MemoryPaceLedger(windowMs, options.now);
  }

  /** Requests per window the server was last seen to allow; `undefined` until it first refuses. */
  get requestsPerWindow(): number | undefined {
    return this.ledger.limit();
  }

  /** Resolves when a request may be sent. */
  acquire(): Promise<PaceSlot> {
    const turn = this.queue.then(() => this.waitForSlot());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** How long a request asked for now would wait, as far as the clock can tell (0 = at once). */
  waitMs(): number {
    return this.ledger.waitMs();
  }

  private async waitForSlot(): Promise<PaceSlot> {
    for (;;) {
      const decision = await this.ledger.tryGrant();
      if ('granted' in decision) return this.slot(decision.granted);
      if ('waitMs' in decision) {
        await this.sleep(decision.waitMs);
      } else {
        // Every slot is held by a request still in flight: only its answer can free one.
        const answered = new Promise<void>((resolve) => this.settleWaiters.push(resolve));
        await (decision.pollMs === undefined
          ? answered
          : Promise.race([answered, this.sleep(decision.pollMs)]));
      }
    }
  }

  private slot(ticket: PaceTicket): PaceSlot {
    let settled = false;
    const settle = (outcome: PaceOutcome): Promise<void> => {
      if (settled) return Promise.resolve();
      settled = true;
      const wake = (): void => {
        for (const resume of this.settleWaiters.splice(0)) resume();
      };
      const recorded = this.ledger.settle(ticket, outcome);
      // Bookkeeping that fails (the database away) costs pacing precision, never the download: an
      // unsettled request counts as in flight until the ledger gives up on it.
      if (recorded instanceof Promise) return recorded.catch(() => undefined).finally(wake);
      wake();
      return Promise.resolve();
    };
    return {
      answered: () => settle({ answered: true }),
      refused: (retryAfterMs) =>
        settle(retryAfterMs === undefined ? { refused: true } : { refused: true, retryAfterMs }),
    };
  }
}
