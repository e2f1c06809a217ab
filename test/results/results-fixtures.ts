import { insertJob as insertJobRow } from '../helpers/job-rows.js';
import type { Kysely } from 'kysely';
import type { ModelDayRecord, ReasoningEntry } from '../../src/simulation/model-day-record.js';
import { KyselyModelDayStore } from '../../src/store/kysely-model-day-store.js';
import type { Database } from '../../src/store/schema.js';

export interface DaySpec {
  jobId: string;
  model: string;
  date: string;
  startCash: number;
  startingValue: number;
  endCash: number;
  endHoldings?: Record<string, number>;
  endingValue: number;
  /** Against the previous live close (or the initial cash), as the simulation computes it. */
  profit: number;
  trades?: { side: 'buy' | 'sell'; symbol: string; quantity: number; price: number }[];
  usage?: { prompt: number; completion: number; cost: number | null }[];
  reasoning?: Omit<ReasoningEntry, 'at'>[];
  summary?: string;
}

export function insertJob(db: Kysely<Database>, jobId: string): Promise<void> {
  return insertJobRow(db, jobId, { status: 'completed' });
}

/** Commits one model-day exactly as the simulation would, through the real store. */
export function commitDay(db: Kysely<Database>, spec: DaySpec): Promise<number> {
  const at = (minute: number) => `${spec.date}T14:${String(minute).padStart(2, '0')}:00.000Z`;
  const base = spec.endingValue - spec.profit;
  const record: ModelDayRecord = {
    jobId: spec.jobId,
    model: spec.model,
    market: 'us',
    date: spec.date,
    start: {
      position: { cash: spec.startCash, holdings: {} },
      previousDate: null,
      previousEndingValue: null,
    },
    startingValue: spec.startingValue,
    endPosition: { cash: spec.endCash, holdings: spec.endHoldings ?? {} },
    endingValue: spec.endingValue,
    dailyProfit: spec.profit,
    dailyReturnPct: base === 0 ? 0 : (spec.profit / base) * 100,
    daysSinceLastTrading: 0,
    trades: (spec.trades ?? []).map((t, i) => ({
      ...t,
      notional: t.quantity * t.price,
      commission: 0,
      cashAfter: 0,
      sharesAfter: 0,
      at: at(i + 1),
    })),
    reasoning: (spec.reasoning ?? []).map((r, i) => ({ ...r, at: at(i) })),
    usage: (spec.usage ?? []).map((u, i) => ({
      kind: 'decision',
      model: spec.model,
      promptTokens: u.prompt,
      completionTokens: u.completion,
      totalTokens: u.prompt + u.completion,
      costUsd: u.cost,
      latencyMs: 100,
      at: at(i),
    })),
    audit: [],
    summary: spec.summary ?? `${spec.model} on ${spec.date}`,
    startedAt: at(0),
    completedAt: at(30),
    sessionDurationSeconds: 12.5,
    staleValuations: [],
  };
  return new KyselyModelDayStore(db).saveDay(record);
}

export async function supersede(db: Kysely<Database>, dayId: number, byJob: string): Promise<void> {
  await db
    .updateTable('trading_days')
    .set({ superseded_at: '2025-10-05T00:00:00.000Z', superseded_by_job: byJob })
    .where('id', '=', dayId)
    .execute();
}

export const ALPHA_REASONING: Omit<ReasoningEntry, 'at'>[] = [
  { role: 'system', content: 'You trade NASDAQ-100 stocks.' },
  {
    role: 'assistant',
    content: null,
    toolCalls: [{ id: 'call-1', name: 'buy', arguments: '{"symbol":"AAPL","amount":10}' }],
  },
  { role: 'tool', content: 'Bought 10 AAPL', toolCallId: 'call-1', toolName: 'buy' },
  { role: 'assistant', content: 'Done. <FINISH_SIGNAL>' },
];

/**
 * Two models over 2025-10-01 and 2025-10-02, in two jobs, plus an older run whose rows were
 * replaced and must stay invisible unless their job is asked for:
 *
 * alpha 10-01 (job-1): 10000 cash, buys 10 AAPL @ 250 -> cash 7500; AAPL closes 260 -> 10100 (+100).
 * alpha 10-02 (job-2): buys 5 MSFT @ 500 -> cash 5000; closes at 10300 (+200, 1.9802%).
 * beta  10-01 (job-1): does nothing, 10000 -> 10000.
 * beta  10-02 (job-1): buys 1 NVDA @ 200 -> cash 9800; NVDA closes 190 -> 9990 (-10, -0.1%).
 * Superseded by job-1, both of job-0: alpha 09-30 (buys 7 TSLA @ 1000 -> cash 3000, worth 6000) and
 * alpha 10-01 (from there buys 29 NVDA @ 100 -> cash 100, holding TSLA and NVDA, worth 5000).
 */
export async function seedTwoModels(db: Kysely<Database>): Promise<void> {
  await insertJob(db, 'job-0');
  await insertJob(db, 'job-1');
  await insertJob(db, 'job-2');
  const replaced = [
    await commitDay(db, {
      jobId: 'job-0',
      model: 'alpha',
      date: '2025-09-30',
      startCash: 10000,
      startingValue: 10000,
      endCash: 3000,
      endHoldings: { TSLA: 7 },
      endingValue: 6000,
      profit: -4000,
      trades: [{ side: 'buy', symbol: 'TSLA', quantity: 7, price: 1000 }],
    }),
    await commitDay(db, {
      jobId: 'job-0',
      model: 'alpha',
      date: '2025-10-01',
      startCash: 3000,
      startingValue: 6000,
      endCash: 100,
      endHoldings: { TSLA: 7, NVDA: 29 },
      endingValue: 5000,
      profit: -1000,
      trades: [{ side: 'buy', symbol: 'NVDA', quantity: 29, price: 100 }],
      summary: 'the replaced run',
    }),
  ];
  for (const id of replaced) await supersede(db, id, 'job-1');

  await commitDay(db, {
    jobId: 'job-1',
    model: 'alpha',
    date: '2025-10-01',
    startCash: 10000,
    startingValue: 10000,
    endCash: 7500,
    endHoldings: { AAPL: 10 },
    endingValue: 10100,
    profit: 100,
    trades: [{ side: 'buy', symbol: 'AAPL', quantity: 10, price: 250 }],
    usage: [
      { prompt: 100, completion: 20, cost: 0.001 },
      { prompt: 50, completion: 10, cost: 0.002 },
    ],
    reasoning: ALPHA_REASONING,
    summary: 'Bought AAPL.',
  });
  await commitDay(db, {
    jobId: 'job-2',
    model: 'alpha',
    date: '2025-10-02',
    startCash: 7500,
    startingValue: 10100,
    endCash: 5000,
    endHoldings: { MSFT: 5, AAPL: 10 },
    endingValue: 10300,
    profit: 200,
    trades: [{ side: 'buy', symbol: 'MSFT', quantity: 5, price: 500 }],
    summary: 'Bought MSFT.',
  });
  await commitDay(db, {
    jobId: 'job-1',
    model: 'beta',
    date: '2025-10-01',
    startCash: 10000,
    startingValue: 10000,
    endCash: 10000,
    endingValue: 10000,
    profit: 0,
    summary: 'Held cash.',
  });
  await commitDay(db, {
    jobId: 'job-1',
    model: 'beta',
    date: '2025-10-02',
    startCash: 10000,
    startingValue: 10000,
    endCash: 9800,
    endHoldings: { NVDA: 1 },
    endingValue: 9990,
    profit: -10,
    trades: [{ side: 'buy', symbol: 'NVDA', quantity: 1, price: 200 }],
    usage: [{ prompt: 10, completion: 5, cost: null }],
    summary: 'Bought NVDA.',
  });
}

export async function insertBar(
  db: Kysely<Database>,
  symbol: string,
  date: string,
  open: number,
  close: number,
): Promise<void> {
  await db
    .insertInto('price_bars')
    .values({
      symbol,
      date,
      open,
      high: Math.max(open, close),
      low: Math.min(open, close),
      close,
      volume: 1000,
      source: 'import',
      updated_at: '2025-10-05T00:00:00.000Z',
    })
    .execute();
}
