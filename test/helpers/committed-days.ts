/**
 * What a database says was committed, in a form two runs of the same job can be compared by: each
 * model-day's money, trades and holdings, with nothing that depends on which process ran it or when.
 */
import { FINISH_SIGNAL, SUMMARY_REQUEST } from '../../src/core/prompt.js';
import { openDatabase } from '../../src/store/open-database.js';
import type { FakeHandler } from '../fakes/fake-openai.js';
import { checkInvariants } from './invariants.js';
import { conversationDate } from './server-process.js';

export interface CommittedDay {
  model: string;
  date: string;
  startingCash: number;
  endingCash: number;
  endingValue: number;
  trades: string[];
  holdings: string[];
}

export interface Committed {
  /** Live days, by model then date. */
  days: CommittedDay[];
  /** Rows per model and date, superseded ones included: 1 everywhere when no day was written twice. */
  writes: Map<string, number>;
  /** Each model's dates in the order their rows were inserted (committed). */
  commitOrder: Map<string, string[]>;
  /** docs/reliability.md's invariants (empty when all hold). */
  violations: string[];
}

export async function readCommitted(url: string): Promise<Committed> {
  const opened = await openDatabase(url);
  const db = opened.db;
  try {
    const rows = await db.selectFrom('trading_days').selectAll().orderBy('id').execute();
    const trades = await db
      .selectFrom('trades')
      .select(['trading_day_id', 'action_type', 'symbol', 'quantity', 'price'])
      .orderBy('trading_day_id')
      .orderBy('seq')
      .execute();
    const holdings = await db
      .selectFrom('holdings')
      .select(['trading_day_id', 'symbol', 'quantity'])
      .orderBy('symbol')
      .execute();
    const writes = new Map<string, number>();
    const commitOrder = new Map<string, string[]>();
    for (const row of rows) {
      const key = `${row.model}|${row.date}`;
      writes.set(key, (writes.get(key) ?? 0) + 1);
      commitOrder.set(row.model, [...(commitOrder.get(row.model) ?? []), row.date]);
    }
    const days = rows
      .filter((r) => r.superseded_at === null)
      .map((r) => ({
        model: r.model,
        date: r.date,
        startingCash: r.starting_cash,
        endingCash: r.ending_cash,
        endingValue: r.ending_value,
        trades: trades
          .filter((t) => t.trading_day_id === r.id)
          .map((t) => `${t.action_type} ${t.quantity} ${t.symbol} @ ${t.price}`),
        holdings: holdings.filter((h) => h.trading_day_id === r.id).map((h) => `${h.symbol}:${h.quantity}`),
      }))
      .sort((a, b) => a.model.localeCompare(b.model) || a.date.localeCompare(b.date));
    return { days, writes, commitOrder, violations: await checkInvariants(db, { initialCash: 10_000 }) };
  } finally {
    await opened.close();
  }
}

/**
 * A trader whose every decision follows from its conversation alone: on a day of the month that is
 * even it buys `amount` of `symbol`, on an odd one it sells one; then it finishes. Each answer takes
 * `delayMs`. Run in any process, in any order of models, the same job gives the same results, and a
 * day run out of its model's order would start from another position and show.
 */
export function alternatingTrader(symbol: string, amount: number, delayMs: number): FakeHandler {
  return (body) => {
    const last = body.messages[body.messages.length - 1];
    if (last?.role === 'user' && last.content === SUMMARY_REQUEST) return { content: 'Traded.', delayMs };
    if (body.messages.some((m) => m.role === 'assistant'))
      return { content: `Done. ${FINISH_SIGNAL}`, delayMs };
    const day = Number((conversationDate(body) ?? '2000-01-01').slice(8, 10));
    const order = day % 2 === 0 ? { name: 'buy', amount } : { name: 'sell', amount: 1 };
    return { toolCalls: [{ name: order.name, arguments: { symbol, amount: order.amount } }], delayMs };
  };
}

/** Model-days whose conversation the fake LLM saw begin more than once (a day run twice). */
export function daysRunTwice(
  requests: readonly { model: string; body: Parameters<FakeHandler>[0] }[],
): string[] {
  const starts = new Map<string, number>();
  for (const { model, body } of requests) {
    if (body.messages.some((m) => m.role === 'assistant')) continue;
    const key = `${model}|${conversationDate(body) ?? '?'}`;
    starts.set(key, (starts.get(key) ?? 0) + 1);
  }
  return [...starts].filter(([, n]) => n > 1).map(([key]) => key);
}
