import { insertJob as insertJobRow } from '../helpers/job-rows.js';
import type { Kysely } from 'kysely';
import type { DailyBar } from '../../src/core/bars.js';
import type { Insertable } from 'kysely';
import type { Database, TradingDaysTable } from '../../src/store/schema.js';

type NewTradingDay = Insertable<TradingDaysTable>;

export const NOW = '2025-01-01T12:00:00.000Z';

export function bar(symbol: string, date: string, close: number): DailyBar {
  return {
    symbol,
    date,
    open: close - 0.5,
    high: close + 1,
    low: close - 1,
    close,
    volume: 1_000_000 + close,
  };
}

export function manyBars(symbols: readonly string[], perSymbol: number): DailyBar[] {
  const start = Date.UTC(2000, 0, 3);
  return symbols.flatMap((symbol) =>
    Array.from({ length: perSymbol }, (_, i) =>
      bar(symbol, new Date(start + i * 86_400_000).toISOString().slice(0, 10), 100 + i / 8),
    ),
  );
}

export function insertJob(db: Kysely<Database>, jobId: string): Promise<void> {
  return insertJobRow(db, jobId, {
    status: 'pending',
    date_range: JSON.stringify(['2025-01-02']),
    models: JSON.stringify(['m1']),
    created_at: NOW,
    updated_at: NOW,
  });
}

export async function insertTradingDay(
  db: Kysely<Database>,
  day: Pick<NewTradingDay, 'model' | 'date'> & Partial<NewTradingDay>,
): Promise<number> {
  const row = await db
    .insertInto('trading_days')
    .values({
      job_id: 'job-1',
      starting_cash: 10_000,
      ending_cash: 9_000,
      starting_value: 10_000,
      ending_value: 10_050.5,
      daily_profit: 50.5,
      daily_return_pct: 0.505,
      summary: null,
      session_duration_seconds: 1.25,
      created_at: NOW,
      completed_at: NOW,
      superseded_at: null,
      superseded_by_job: null,
      ...day,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertDayChildren(db: Kysely<Database>, tradingDayId: number): Promise<void> {
  const base = { trading_day_id: tradingDayId, seq: 1, created_at: NOW };
  await db
    .insertInto('trades')
    .values({
      ...base,
      action_type: 'buy',
      symbol: 'AAPL',
      quantity: 4,
      price: 250,
      commission: 1,
      notional: 1000,
    })
    .execute();
  await db
    .insertInto('holdings')
    .values({ trading_day_id: tradingDayId, symbol: 'AAPL', quantity: 4 })
    .execute();
  await db
    .insertInto('reasoning_logs')
    .values({
      ...base,
      role: 'assistant',
      content: 'buy',
      tool_calls: '[]',
      tool_call_id: null,
      tool_name: null,
    })
    .execute();
  await db
    .insertInto('token_usage')
    .values({
      ...base,
      call_kind: 'decision',
      model: 'm1',
      prompt_tokens: 10,
      completion_tokens: 5,
      total_tokens: 15,
      cost_usd: 0.001,
      latency_ms: 300,
    })
    .execute();
  await db
    .insertInto('tool_call_audit')
    .values({
      ...base,
      tool: 'buy',
      arguments: '{}',
      outcome: 'rejected',
      reason: 'insufficient_cash',
      message: 'no cash',
    })
    .execute();
}
