import type { Logger } from 'pino';
import type { JobClaims } from './job-claims.js';

export interface LeaseKeeperOptions {
  /** How long a lease lasts unless renewed; renewed every third of it. */
  leaseMs: number;
  now: () => Date;
  logger: Logger;
}

/**
 * Keeps a worker's leases alive: every third of the lease it renews all it holds in one round, and
 * aborts the work of any the database says it no longer holds (recovered after it expired, say
 * while this process was frozen), so that work stops instead of running beside its new holder.
 */
export class LeaseKeeper {
  readonly #held = new Map<string, AbortController>();
  /** Leases of work that ended after `stopping()`: `stop()` hands them back with the rest. */
  readonly #endedWhileStopping = new Set<string>();
  #stopping = false;
  #timer: NodeJS.Timeout | undefined;
  #renewing: Promise<void> | undefined;
  #lastFailure: string | undefined;

  constructor(
    private readonly claims: Pick<JobClaims, 'renew' | 'expire'>,
    private readonly options: LeaseKeeperOptions,
  ) {}

  get leaseMs(): number {
    return this.options.leaseMs;
  }

  /** When a lease taken or renewed now ends, ISO-8601. */
  until(): string {
    return new Date(this.options.now().getTime() + this.options.leaseMs).toISOString();
  }

  /** The tokens held now: recovery must leave their work alone. */
  tokens(): string[] {
    return [...this.#held.keys()];
  }

  /** Starts renewing `token`; its signal aborts when the lease is lost. */
  hold(token: string): AbortSignal {
    const controller = new AbortController();
    this.#held.set(token, controller);
    return controller.signal;
  }

  /**
   * Stops renewing `token` (its work ended). Once the process is stopping, the work ended because
   * it was aborted, unfinished: its lease is then handed back by `stop()` (work that finished
   * meanwhile is not `running` any more, and handing it back changes nothing).
   */
  drop(token: string): void {
    if (this.#held.delete(token) && this.#stopping) this.#endedWhileStopping.add(token);
  }

  /** The process is stopping: from now on, work that ends is handed back by `stop()`. */
  stopping(): void {
    this.#stopping = true;
  }

  start(): void {
    this.#timer = setInterval(() => void this.renewNow(), Math.max(100, this.options.leaseMs / 3));
    this.#timer.unref();
  }

  /** One renewal round (rounds never overlap). */
  renewNow(): Promise<void> {
    this.#renewing ??= this.#renew().finally(() => (this.#renewing = undefined));
    return this.#renewing;
  }

  async #renew(): Promise<void> {
    const tokens = this.tokens();
    if (tokens.length === 0) return;
    let held: Set<string>;
    try {
      held = await this.claims.renew(tokens, this.until());
    } catch (error) {
      // The leases run on; if the database stays away past them, the commit check says so.
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.#lastFailure) this.options.logger.warn({ err: message }, 'could not renew leases');
      this.#lastFailure = message;
      return;
    }
    if (this.#lastFailure !== undefined) this.options.logger.info('leases renewed again');
    this.#lastFailure = undefined;
    for (const token of tokens) {
      const controller = this.#held.get(token);
      if (held.has(token) || controller === undefined) continue;
      this.#held.delete(token);
      this.options.logger.warn(
        { lease: token },
        'lease lost: another worker took this work over; stopping it',
      );
      controller.abort(new Error('lease lost'));
    }
  }

  /**
   * Stops renewing and lets every lease still held, and every one dropped since `stopping()`,
   * expire now, so other workers take the work over at once, wherever they run.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#renewing;
    const tokens = [...this.tokens(), ...this.#endedWhileStopping];
    this.#held.clear();
    this.#endedWhileStopping.clear();
    if (tokens.length > 0) await this.claims.expire({ tokens }).catch(() => undefined);
  }
}
