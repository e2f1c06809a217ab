import type { Kysely } from 'kysely';
import type {
  GrantDecision,
  PaceLedger,
  PaceOutcome,
  PaceTicket,
} from '../market-data/alphavantage/pace-ledger.js';
import {
  afterRefusal,
  grantWait,
  waitEstimate,
  type PaceState,
} from '../market-data/alphavantage/pace-rules.js';
import type { Database } from './schema.js';
import { inWriteTransaction } from './write-lock.js';

export interface KyselyPaceLedgerOptions {
  /** The provider row in `provider_pace` (`alphavantage`). */
  provider: string;
  /** Who asks, for whoever reads the table (a worker id). */
  owner: string;
  windowMs: number;
  /** Epoch milliseconds: every process sharing the database must agree on it. Default `Date.now`. */
  now?: () => number;
  /** A request unanswered this long is forgotten: its process died before the answer. Default 2 min. */
  inFlightTimeoutMs?: number;
  /** How often to look again while other processes' requests hold every slot. Default 250 ms. */
  pollMs?: number;
}

const NO_PAUSE = Number.NEGATIVE_INFINITY;

/**
 * The provider's pace shared by every process on the database: a limit answer one process gets (a
 * learned allowance, a Retry-After pause) paces all of them, and the answers all of them got count
 * against the one window the provider keeps for the key. A grant is decided and recorded in one
 * transaction holding the provider's row (SQLite: the write lock), so two processes never both take
 * the last slot.
 */
export class KyselyPaceLedger implements PaceLedger {
  #known: PaceState = { answers: [], inFlight: 0, limit: undefined, pausedUntil: NO_PAUSE };
  readonly #now: () => number;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: 'sqlite' | 'postgres',
    private readonly options: KyselyPaceLedgerOptions,
  ) {
    this.#now = options.now ?? Date.now;
  }

  tryGrant(): Promise<GrantDecision> {
    return inWriteTransaction(this.db, this.kind, async (trx) => {
      const now = this.#now();
      const state = await this.#read(trx, now);
      this.#known = state;
      const wait = grantWait(state, now, this.options.windowMs);
      if (wait === undefined) return { waitForAnswer: true, pollMs: this.options.pollMs ?? 250 };
      if (wait > 0) return { waitMs: wait };
      const { id } = await trx
        .insertInto('provider_requests')
        .values({
          provider: this.options.provider,
          owner: this.options.owner,
          granted_at: now,
          answered_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      this.#known = { ...state, inFlight: state.inFlight + 1 };
      return { granted: id };
    });
  }

  async settle(ticket: PaceTicket, outcome: PaceOutcome): Promise<void> {
    if ('answered' in outcome) {
      const now = this.#now();
      await this.db
        .updateTable('provider_requests')
        .set({ answered_at: now })
        .where('id', '=', ticket)
        .execute();
      this.#known = {
        ...this.#known,
        inFlight: Math.max(0, this.#known.inFlight - 1),
        answers: [...this.#known.answers, now],
      };
      return;
    }
    await inWriteTransaction(this.db, this.kind, async (trx) => {
      // A refused request does not count against the window.
      await trx.deleteFrom('provider_requests').where('id', '=', ticket).execute();
      const now = this.#now();
      const state = await this.#read(trx, now);
      const learned = afterRefusal(state, now, this.options.windowMs, outcome.retryAfterMs);
      const row = {
        paused_until: Number.isFinite(learned.pausedUntil) ? learned.pausedUntil : 0,
        requests_per_window: learned.limit ?? null,
      };
      await trx
        .insertInto('provider_pace')
        .values({ provider: this.options.provider, ...row })
        .onConflict((oc) => oc.column('provider').doUpdateSet(row))
        .execute();
      this.#known = { ...state, ...learned };
    });
  }

  limit(): number | undefined {
    return this.#known.limit;
  }

  waitMs(): number {
    return waitEstimate(this.#known, this.#now(), this.options.windowMs);
  }

  /** The shared state at `now`, forgetting answers out of the window and requests nobody will answer. */
  async #read(trx: Kysely<Database>, now: number): Promise<PaceState> {
    const { provider, windowMs } = this.options;
    const pace = await trx
      .selectFrom('provider_pace')
      .select(['paused_until', 'requests_per_window'])
      .where('provider', '=', provider)
      .$if(this.kind === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    const stale = now - (this.options.inFlightTimeoutMs ?? 120_000);
    await trx
      .deleteFrom('provider_requests')
      .where('provider', '=', provider)
      .where((eb) =>
        eb.or([
          eb.and([eb('answered_at', 'is not', null), eb('answered_at', '<=', now - windowMs)]),
          eb.and([eb('answered_at', 'is', null), eb('granted_at', '<', stale)]),
        ]),
      )
      .execute();
    const requests = await trx
      .selectFrom('provider_requests')
      .select('answered_at')
      .where('provider', '=', provider)
      .execute();
    const answers = requests.flatMap((r) => (r.answered_at === null ? [] : [Number(r.answered_at)]));
    return {
      answers: answers.sort((a, b) => a - b),
      inFlight: requests.length - answers.length,
      limit: pace?.requests_per_window ?? undefined,
      pausedUntil: pace && pace.paused_until > 0 ? Number(pace.paused_until) : NO_PAUSE,
    };
  }
}
