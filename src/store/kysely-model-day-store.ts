import type { InsertObject, Kysely } from 'kysely';
import { emptyPosition } from '../core/ledger/position.js';
import type { ModelDayRecord, StartingPoint } from '../simulation/model-day-record.js';
import type { DayOfModel, ModelDayStore } from '../simulation/model-day-store.js';
import type { MarketId } from '../core/markets/market.js';
import type { ModelDayHistory } from '../jobs/job-store.js';
import type { Database } from './schema.js';
import { bumpChangeCounter } from './change-counters.js';
import { inTransaction } from './transaction.js';

/** Rows per INSERT: well under SQLite's bound-parameter limit for the widest table here. */
const CHUNK = 200;

/** The tables a model-day's own rows (trades, holdings, reasoning, usage, audit) go into. */
type DayChildTable = 'trades' | 'holdings' | 'reasoning_logs' | 'token_usage' | 'tool_call_audit';

/** A day's rows of one table, in as many INSERTs as the chunk size asks. */
async function insertChunked<T extends DayChildTable>(
  trx: Kysely<Database>,
  table: T,
  rows: readonly InsertObject<Database, T>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
}

/** Deletes every committed model-day and its rows (children first), inside the caller's transaction. */
export async function deleteAllModelDays(trx: Kysely<Database>): Promise<void> {
  for (const table of ['trades', 'holdings', 'reasoning_logs', 'token_usage', 'tool_call_audit'] as const) {
    await trx.deleteFrom(table).execute();
  }
  await trx.deleteFrom('trading_days').execute();
  await bumpChangeCounter(trx, 'results');
}

export interface ModelDayStoreOptions {
  /** `db` is already a transaction (a unit of work's): join it rather than open one. */
  inTransaction?: boolean;
}

export class KyselyModelDayStore implements ModelDayStore, ModelDayHistory {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: ModelDayStoreOptions = {},
  ) {}

  async lastLiveDates(market: MarketId, models: readonly string[]): Promise<Map<string, string>> {
    if (models.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('trading_days')
      .select((eb) => ['model', eb.fn.max('date').as('last')])
      .where('model', 'in', [...models])
      .where('market', '=', market)
      .where('superseded_at', 'is', null)
      .groupBy('model')
      .execute();
    return new Map(rows.map((r) => [r.model, String(r.last)]));
  }

  async liveDatesFrom(
    market: MarketId,
    models: readonly string[],
    from: string,
  ): Promise<Map<string, string[]>> {
    const dates = new Map<string, string[]>();
    if (models.length === 0) return dates;
    const rows = await this.db
      .selectFrom('trading_days')
      .select(['model', 'date'])
      .where('model', 'in', [...models])
      .where('market', '=', market)
      .where('date', '>=', from)
      .where('superseded_at', 'is', null)
      .orderBy('model')
      .orderBy('date')
      .execute();
    for (const { model, date } of rows) {
      const list = dates.get(model);
      if (list) list.push(date);
      else dates.set(model, [date]);
    }
    return dates;
  }

  async startingPoint(day: DayOfModel, initialCash: number): Promise<StartingPoint> {
    const previous = await this.db
      .selectFrom('trading_days')
      .select(['id', 'date', 'ending_cash', 'ending_value'])
      .where('model', '=', day.model)
      .where('market', '=', day.market)
      .where('date', '<', day.date)
      .where('superseded_at', 'is', null)
      .orderBy('date', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!previous)
      return { position: emptyPosition(initialCash), previousDate: null, previousEndingValue: null };
    const holdings = await this.db
      .selectFrom('holdings')
      .select(['symbol', 'quantity'])
      .where('trading_day_id', '=', previous.id)
      .orderBy('symbol')
      .execute();
    return {
      position: {
        cash: previous.ending_cash,
        holdings: Object.fromEntries(
          holdings.filter((h) => h.quantity > 0).map((h) => [h.symbol, h.quantity]),
        ),
      },
      previousDate: previous.date,
      previousEndingValue: previous.ending_value,
    };
  }

  /**
   * One transaction for the whole day, including the superseding of results it replaces, so a crash
   * can never leave a day half-written or a model without its old results and without the new one.
   * Called inside a unit of work (the job's detail commits with it), it joins that transaction.
   *
   * Saving the same record again is a no-op that returns the first save's id: a commit whose
   * acknowledgement was lost with its connection may have gone through, and the retry that follows
   * must not write the day a second time (superseding the first copy with an identical one).
   */
  saveDay(record: ModelDayRecord): Promise<number> {
    return this.db.isTransaction || this.options.inTransaction
      ? this.#writeDay(this.db, record)
      : inTransaction(this.db, (trx) => this.#writeDay(trx, record));
  }

  async #writeDay(trx: Kysely<Database>, record: ModelDayRecord): Promise<number> {
    const saved = await trx
      .selectFrom('trading_days')
      .select('id')
      .where('model', '=', record.model)
      .where('market', '=', record.market)
      .where('date', '=', record.date)
      .where('job_id', '=', record.jobId)
      .where('created_at', '=', record.startedAt)
      .where('completed_at', '=', record.completedAt)
      .where('superseded_at', 'is', null)
      .executeTakeFirst();
    if (saved) return saved.id;
    // This day replaces any live result of the model on this date or later: the later ones started
    // from a position this day has just changed. They are kept, marked, and excluded everywhere.
    await trx
      .updateTable('trading_days')
      .set({ superseded_at: record.completedAt, superseded_by_job: record.jobId })
      .where('model', '=', record.model)
      .where('market', '=', record.market)
      .where('date', '>=', record.date)
      .where('superseded_at', 'is', null)
      .execute();
    const { id } = await trx
      .insertInto('trading_days')
      .values({
        job_id: record.jobId,
        model: record.model,
        market: record.market,
        date: record.date,
        starting_cash: record.start.position.cash,
        ending_cash: record.endPosition.cash,
        starting_value: record.startingValue,
        ending_value: record.endingValue,
        daily_profit: record.dailyProfit,
        daily_return_pct: record.dailyReturnPct,
        days_since_last_trading: record.daysSinceLastTrading,
        total_actions: record.trades.length,
        summary: record.summary,
        session_duration_seconds: record.sessionDurationSeconds,
        created_at: record.startedAt,
        completed_at: record.completedAt,
        superseded_at: null,
        superseded_by_job: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    await insertChunked(
      trx,
      'trades',
      record.trades.map((t, seq) => ({
        trading_day_id: id,
        seq,
        action_type: t.side,
        symbol: t.symbol,
        quantity: t.quantity,
        price: t.price,
        commission: t.commission,
        notional: t.notional,
        created_at: t.at,
      })),
    );
    await insertChunked(
      trx,
      'holdings',
      Object.entries(record.endPosition.holdings).map(([symbol, quantity]) => ({
        trading_day_id: id,
        symbol,
        quantity,
      })),
    );
    await insertChunked(
      trx,
      'reasoning_logs',
      record.reasoning.map((r, seq) => ({
        trading_day_id: id,
        seq,
        role: r.role,
        content: r.content,
        tool_calls: r.toolCalls ? JSON.stringify(r.toolCalls) : null,
        tool_call_id: r.toolCallId ?? null,
        tool_name: r.toolName ?? null,
        created_at: r.at,
      })),
    );
    await insertChunked(
      trx,
      'token_usage',
      record.usage.map((u, seq) => ({
        trading_day_id: id,
        seq,
        call_kind: u.kind,
        model: u.model,
        prompt_tokens: u.promptTokens,
        completion_tokens: u.completionTokens,
        total_tokens: u.totalTokens,
        cost_usd: u.costUsd,
        latency_ms: u.latencyMs,
        created_at: u.at,
      })),
    );
    await insertChunked(
      trx,
      'tool_call_audit',
      record.audit.map((a, seq) => ({
        trading_day_id: id,
        seq,
        tool: a.tool,
        arguments: a.arguments,
        outcome: a.outcome,
        reason: a.reason,
        message: a.message,
        created_at: a.at,
      })),
    );

    // Last, so the counter row (one for every writer) is locked for as short a time as possible.
    await bumpChangeCounter(trx, 'results');
    return id;
  }
}
