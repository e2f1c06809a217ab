/**
 * The invariants the database must satisfy at every moment, whatever killed the server when
 * (docs/reliability.md): read straight from the tables, so nothing the server says is trusted.
 * Returns one line per violation; an empty list means all hold.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';

const CENT = 0.005;

export async function checkInvariants(
  db: Kysely<Database>,
  opts: { initialCash: number },
): Promise<string[]> {
  const problems: string[] = [];
  const days = await db
    .selectFrom('trading_days')
    .select(['id', 'job_id', 'model', 'date', 'starting_cash', 'ending_cash', 'superseded_at'])
    .orderBy('model')
    .orderBy('date')
    .execute();
  const holdings = await db.selectFrom('holdings').select(['trading_day_id', 'symbol', 'quantity']).execute();
  const trades = await db
    .selectFrom('trades')
    .select(['trading_day_id', 'action_type', 'symbol', 'quantity', 'notional', 'commission'])
    .execute();
  const reasoning = await db
    .selectFrom('reasoning_logs')
    .select((eb) => ['trading_day_id', eb.fn.countAll<number>().as('n')])
    .groupBy('trading_day_id')
    .execute();
  const details = await db.selectFrom('job_details').select(['job_id', 'model', 'date', 'status']).execute();

  const holdingsOf = groupBy(holdings, (h) => h.trading_day_id);
  const tradesOf = groupBy(trades, (t) => t.trading_day_id);
  const withReasoning = new Set(reasoning.filter((r) => Number(r.n) > 0).map((r) => r.trading_day_id));
  const detailOf = new Map(details.map((d) => [`${d.job_id}|${d.model}|${d.date}`, d.status]));
  const dayKeys = new Set(days.map((d) => `${d.job_id}|${d.model}|${d.date}`));

  // Money: never negative, whole shares.
  for (const day of days) {
    if (day.starting_cash < -CENT || day.ending_cash < -CENT) {
      problems.push(`negative cash: ${day.model} ${day.date} (${day.starting_cash} -> ${day.ending_cash})`);
    }
    for (const h of holdingsOf.get(day.id) ?? []) {
      if (h.quantity < 0 || !Number.isInteger(h.quantity)) {
        problems.push(`bad holding: ${day.model} ${day.date} ${h.symbol} ${h.quantity}`);
      }
    }
    for (const t of tradesOf.get(day.id) ?? []) {
      if (t.quantity < 1 || !Number.isInteger(t.quantity)) {
        problems.push(`bad trade: ${day.model} ${day.date} ${t.action_type} ${t.quantity} ${t.symbol}`);
      }
    }
    // Every trade is recorded: the day's cash moves by exactly its trades.
    const flow = (tradesOf.get(day.id) ?? []).reduce(
      (cash, t) => cash + (t.action_type === 'sell' ? t.notional - t.commission : -t.notional - t.commission),
      0,
    );
    if (Math.abs(day.starting_cash + flow - day.ending_cash) > CENT) {
      problems.push(`cash does not follow the trades: ${day.model} ${day.date}`);
    }
  }

  // No duplicate live model-day; each model's live days chain, cash and shares.
  const live = days.filter((d) => d.superseded_at === null);
  for (const [model, modelDays] of groupBy(live, (d) => d.model)) {
    let previous: (typeof live)[number] | undefined;
    for (const day of modelDays) {
      if (previous?.date === day.date) problems.push(`duplicate live model-day: ${model} ${day.date}`);
      const expectedCash = previous?.ending_cash ?? opts.initialCash;
      if (Math.abs(day.starting_cash - expectedCash) > CENT) {
        problems.push(
          `broken cash chain: ${model} ${day.date} starts at ${day.starting_cash}, expected ${expectedCash}`,
        );
      }
      const expected = new Map(
        (previous ? (holdingsOf.get(previous.id) ?? []) : []).map((h) => [h.symbol, h.quantity]),
      );
      for (const t of tradesOf.get(day.id) ?? []) {
        expected.set(
          t.symbol,
          (expected.get(t.symbol) ?? 0) + (t.action_type === 'buy' ? t.quantity : -t.quantity),
        );
      }
      const actual = new Map((holdingsOf.get(day.id) ?? []).map((h) => [h.symbol, h.quantity]));
      for (const symbol of new Set([...expected.keys(), ...actual.keys()])) {
        if ((expected.get(symbol) ?? 0) !== (actual.get(symbol) ?? 0)) {
          problems.push(`broken share chain: ${model} ${day.date} ${symbol}`);
        }
      }
      previous = day;
    }
  }

  // Nothing half-written: a day has its conversation and a completed detail, and vice versa.
  for (const day of days) {
    if (!withReasoning.has(day.id)) problems.push(`day without its reasoning: ${day.model} ${day.date}`);
    const status = detailOf.get(`${day.job_id}|${day.model}|${day.date}`);
    if (status !== 'completed')
      problems.push(`day whose detail is ${status ?? 'missing'}: ${day.model} ${day.date}`);
  }
  for (const d of details) {
    if (d.status === 'completed' && !dayKeys.has(`${d.job_id}|${d.model}|${d.date}`)) {
      problems.push(`completed detail without its day: ${d.model} ${d.date}`);
    }
  }
  return problems;
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
