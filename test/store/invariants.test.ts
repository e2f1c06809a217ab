/** The invariant checker the SIGKILL benchmark relies on finds each kind of violation it names. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelDayRecord } from '../../src/simulation/model-day-record.js';
import { KyselyJobStore } from '../../src/store/kysely-job-store.js';
import { KyselyModelDayStore } from '../../src/store/kysely-model-day-store.js';
import { jobDayStore } from '../../src/jobs/claimed-day.js';
import { KyselyUnitOfWork } from '../../src/store/kysely-unit-of-work.js';
import { checkInvariants } from '../helpers/invariants.js';
import { claimNext, startJob } from '../helpers/model-day-fixtures.js';
import { openTempSqlite } from '../helpers/temp-db.js';

const AT = '2025-10-01T15:00:00.000Z';
const DAYS = ['2025-10-01', '2025-10-02'];

function day(
  date: string,
  cash: { start: number; end: number },
  holdings: Record<string, number>,
  trades: ModelDayRecord['trades'],
): ModelDayRecord {
  return {
    jobId: 'j',
    model: 'm',
    market: 'us',
    date,
    start: { position: { cash: cash.start, holdings: {} }, previousDate: null, previousEndingValue: null },
    startingValue: cash.start,
    endPosition: { cash: cash.end, holdings },
    endingValue: cash.end,
    dailyProfit: 0,
    dailyReturnPct: 0,
    daysSinceLastTrading: 1,
    trades,
    reasoning: [{ role: 'system', content: 'prompt', at: AT }],
    usage: [],
    audit: [],
    summary: 's',
    startedAt: AT,
    completedAt: AT,
    sessionDurationSeconds: 1,
    staleValuations: [],
  };
}

const buy = (quantity: number, price: number): ModelDayRecord['trades'][number] => ({
  side: 'buy',
  symbol: 'AAPL',
  quantity,
  price,
  notional: quantity * price,
  commission: 0,
  cashAfter: 0,
  sharesAfter: 0,
  at: AT,
});

describe('checkInvariants', () => {
  let db: Awaited<ReturnType<typeof openTempSqlite>>;
  beforeEach(async () => {
    db = await openTempSqlite();
    const jobs = new KyselyJobStore(db.db, 'sqlite');
    await jobs.createIfSlotFree(
      {
        jobId: 'j',
        market: 'us',
        dateRange: DAYS,
        models: ['m'],
        request: null,
        configSnapshot: null,
        resumeMode: false,
        warnings: [],
        createdAt: AT,
      },
      DAYS.map((date) => ({ date, model: 'm' })),
      1,
    );
    const days = jobDayStore(new KyselyModelDayStore(db.db), new KyselyUnitOfWork(db.db, 'sqlite'));
    await startJob(jobs, 'j', AT);
    const first = await claimNext(jobs, 'j', { date: '2025-10-01', model: 'm' }, AT);
    await days.saveDay(day('2025-10-01', { start: 10_000, end: 9_000 }, { AAPL: 10 }, [buy(10, 100)]), {
      lease: first,
    });
    const second = await claimNext(jobs, 'j', { date: '2025-10-02', model: 'm' }, AT);
    await days.saveDay(day('2025-10-02', { start: 9_000, end: 8_500 }, { AAPL: 15 }, [buy(5, 100)]), {
      lease: second,
    });
  });
  afterEach(() => db.dispose());

  it('passes a consistent history', async () => {
    expect(await checkInvariants(db.db, { initialCash: 10_000 })).toEqual([]);
  });

  it('finds negative cash, a broken chain, a lost trade and a half-written day', async () => {
    await db.db
      .updateTable('trading_days')
      .set({ ending_cash: -5 })
      .where('date', '=', '2025-10-02')
      .execute();
    await db.db
      .updateTable('holdings')
      .set({ quantity: 11 })
      .where('symbol', '=', 'AAPL')
      .where('quantity', '=', 10)
      .execute();
    await db.db
      .updateTable('job_details')
      .set({ status: 'running' })
      .where('date', '=', '2025-10-01')
      .execute();
    const problems = await checkInvariants(db.db, { initialCash: 10_000 });
    expect(problems).toEqual(
      expect.arrayContaining([
        'negative cash: m 2025-10-02 (9000 -> -5)',
        'cash does not follow the trades: m 2025-10-02',
        'broken share chain: m 2025-10-01 AAPL',
        'broken share chain: m 2025-10-02 AAPL',
        'day whose detail is running: m 2025-10-01',
      ]),
    );
  });

  it('finds a day and a completed detail that do not match (the database itself refuses duplicate live days)', async () => {
    await db.db
      .updateTable('trading_days')
      .set({ date: '2025-10-03' })
      .where('date', '=', '2025-10-02')
      .execute();
    const problems = await checkInvariants(db.db, { initialCash: 10_000 });
    expect(problems).toContain('completed detail without its day: m 2025-10-02');
    expect(problems).toContain('day whose detail is missing: m 2025-10-03');
  });
});
