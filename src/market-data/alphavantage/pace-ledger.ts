import { afterRefusal, answersInWindow, grantWait, waitEstimate, type PaceState } from './pace-rules.js';

/** One granted request, as the ledger knows it. */
export type PaceTicket = number;

export type GrantDecision =
  | { granted: PaceTicket }
  /** Ask again after this many milliseconds. */
  | { waitMs: number }
  /**
   * Requests in flight hold every slot: ask again after an answer (this process's are signalled;
   * others', in a shared ledger, are seen by asking again after `pollMs`).
   */
  | { waitForAnswer: true; pollMs?: number };

export type PaceOutcome = { answered: true } | { refused: true; retryAfterMs?: number };

/**
 * Where the pace's state lives: in this process (`MemoryPaceLedger`), or in the database, shared by
 * every process that uses the key (`KyselyPaceLedger`). Either applies the rules of `pace-rules.ts`;
 * a grant is decided and recorded atomically.
 */
export interface PaceLedger {
  tryGrant(): GrantDecision | Promise<GrantDecision>;
  settle(ticket: PaceTicket, outcome: PaceOutcome): void | Promise<void>;
  /** Requests per window the server was last seen to allow (as last known). */
  limit(): number | undefined;
  /** How long a request asked for now would wait, as last known (0 = at once). */
  waitMs(): number;
}

/** The pace of one process, in memory. */
export class MemoryPaceLedger implements PaceLedger {
  #state: PaceState = { answers: [], inFlight: 0, limit: undefined, pausedUntil: Number.NEGATIVE_INFINITY };
  #tickets = 0;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  tryGrant(): GrantDecision {
    const now = this.#forget();
    const wait = grantWait(this.#state, now, this.windowMs);
    if (wait === undefined) return { waitForAnswer: true };
    if (wait > 0) return { waitMs: wait };
    this.#state = { ...this.#state, inFlight: this.#state.inFlight + 1 };
    return { granted: ++this.#tickets };
  }

  settle(_ticket: PaceTicket, outcome: PaceOutcome): void {
    const now = this.#forget();
    const state = { ...this.#state, inFlight: this.#state.inFlight - 1 };
    this.#state =
      'answered' in outcome
        ? { ...state, answers: [...state.answers, now] }
        : { ...state, ...afterRefusal(state, now, this.windowMs, outcome.retryAfterMs) };
  }

  limit(): number | undefined {
    return this.#state.limit;
  }

  waitMs(): number {
    const now = this.#forget();
    return waitEstimate(this.#state, now, this.windowMs);
  }

  #forget(): number {
    const now = this.now();
    this.#state = { ...this.#state, answers: answersInWindow(this.#state.answers, now, this.windowMs) };
    return now;
  }
}
