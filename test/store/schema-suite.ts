import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/open-database.js';
import { useFreshDatabase, type StoreBackend } from './store-backend.js';
import { insertDayChildren, insertJob, insertTradingDay, NOW } from './sample-rows.js';

/** Migrations and the constraints the results repositories rely on, for any backend. */
export function defineSchemaSuite(backend: StoreBackend): void {
  describe('schema', () => {
    const fresh = useFreshDatabase(backend);

    it('migrates a fresh database and is a no-op the second time', async () => {
      const first = await fresh.open();
      await insertJob(first, 'job-1');
      const again = await fresh.reopen();
      const jobs = await again.selectFrom('jobs').select('job_id').execute();
      expect(jobs).toEqual([{ job_id: 'job-1' }]);
      const migrations = await sql<{ name: string }>`select name from kysely_migration`.execute(again);
      expect(migrations.rows.map((row) => row.name)).toEqual([
        '001-initial',
        '002-change-counters',
        '003-leases',
        '004-day-lanes',
        '005-markets',
      ]);
    });

    it('lets several connections open and migrate the same fresh database at once', async () => {
      const settled = await Promise.allSettled([1, 2, 3].map(() => openDatabase(fresh.url())));
      const handles = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      fresh.track(...handles);
      expect(settled.filter((result) => result.status === 'rejected')).toEqual([]);
      const [writer, reader] = handles;
      await insertJob(writer!.db, 'job-1');
      expect(await reader!.db.selectFrom('jobs').select('job_id').execute()).toEqual([{ job_id: 'job-1' }]);
      const migrations = await sql<{ name: string }>`select name from kysely_migration`.execute(reader!.db);
      expect(migrations.rows).toHaveLength(5);
    });

    it('keeps one live day per model, market and date, and fractional quantities', async () => {
      const db = await fresh.open();
      await insertJob(db, 'job-1');
      const day = (market: 'us' | 'crypto') => ({
        job_id: 'job-1',
        model: 'm',
        market,
        date: '2025-11-02',
        starting_cash: 1,
        ending_cash: 1,
        starting_value: 1,
        ending_value: 1,
        daily_profit: 0,
        daily_return_pct: 0,
        created_at: 'x',
        completed_at: 'x',
        superseded_at: null,
        superseded_by_job: null,
      });
      const us = await db
        .insertInto('trading_days')
        .values(day('us'))
        .returning('id')
        .executeTakeFirstOrThrow();
      // The same model on the same date in another market is another portfolio's day.
      await db.insertInto('trading_days').values(day('crypto')).execute();
      await expect(db.insertInto('trading_days').values(day('crypto')).execute()).rejects.toThrow();
      await db
        .insertInto('holdings')
        .values({ trading_day_id: us.id, symbol: 'BTC-USDT', quantity: 0.1817 })
        .execute();
      const held = await db.selectFrom('holdings').select('quantity').executeTakeFirstOrThrow();
      expect(held.quantity).toBe(0.1817);
    });

    it('creates every table empty', async () => {
      const db = await fresh.open();
      const tables = [
        'jobs',
        'job_details',
        'trading_days',
        'trades',
        'holdings',
        'reasoning_logs',
        'token_usage',
        'tool_call_audit',
        'price_bars',
        'price_coverage',
      ] as const;
      for (const table of tables) {
        const row = await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        expect(row.n, table).toBe(0);
      }
    });

    it('fills column defaults and returns counts as numbers', async () => {
      const db = await fresh.open();
      await insertJob(db, 'job-1');
      const job = await db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
      expect(job).toMatchObject({
        warnings: '[]',
        cancel_requested: 0,
        resume_mode: 0,
        error: null,
      });
      const count = await db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(count.n).toBe(1);
    });

    it('assigns increasing ids to auto-increment tables', async () => {
      const db = await fresh.open();
      await insertJob(db, 'job-1');
      const a = await insertTradingDay(db, { model: 'm1', date: '2025-01-02' });
      const b = await insertTradingDay(db, { model: 'm1', date: '2025-01-03' });
      expect(typeof a).toBe('number');
      expect(b).toBeGreaterThan(a);
    });

    it('keeps one live trading day per model and date, but any number of superseded ones', async () => {
      const db = await fresh.open();
      await insertJob(db, 'job-1');
      await insertJob(db, 'job-2');
      const first = await insertTradingDay(db, { model: 'm1', date: '2025-01-02' });
      await expect(
        insertTradingDay(db, { model: 'm1', date: '2025-01-02', job_id: 'job-2' }),
      ).rejects.toThrow(/unique/i);

      await db
        .updateTable('trading_days')
        .set({ superseded_at: NOW, superseded_by_job: 'job-2' })
        .where('id', '=', first)
        .execute();
      await insertTradingDay(db, { model: 'm1', date: '2025-01-02', job_id: 'job-2' });
      await insertTradingDay(db, { model: 'm2', date: '2025-01-02' });

      const live = await db
        .selectFrom('trading_days')
        .select(['model', 'job_id'])
        .where('superseded_at', 'is', null)
        .orderBy('model')
        .execute();
      expect(live).toEqual([
        { model: 'm1', job_id: 'job-2' },
        { model: 'm2', job_id: 'job-1' },
      ]);
    });

    it("deletes a trading day's trades, holdings, logs, usage and audit rows with it", async () => {
      const db = await fresh.open();
      await insertJob(db, 'job-1');
      const dayId = await insertTradingDay(db, { model: 'm1', date: '2025-01-02' });
      const keptId = await insertTradingDay(db, { model: 'm1', date: '2025-01-03' });
      for (const id of [dayId, keptId]) await insertDayChildren(db, id);

      await db.deleteFrom('trading_days').where('id', '=', dayId).execute();

      for (const table of [
        'trades',
        'holdings',
        'reasoning_logs',
        'token_usage',
        'tool_call_audit',
      ] as const) {
        const rows = await db.selectFrom(table).select('trading_day_id').execute();
        expect(rows, table).toEqual([{ trading_day_id: keptId }]);
      }
    });

    it('deletes job details with their job and refuses to orphan trading days', async () => {
      const db = await fresh.open();
      await insertJob(db, 'job-1');
      await insertJob(db, 'job-2');
      for (const job_id of ['job-1', 'job-2']) {
        await db
          .insertInto('job_details')
          .values({ job_id, date: '2025-01-02', model: 'm1', status: 'pending' })
          .execute();
      }
      await db.deleteFrom('jobs').where('job_id', '=', 'job-1').execute();
      const details = await db.selectFrom('job_details').select('job_id').execute();
      expect(details).toEqual([{ job_id: 'job-2' }]);

      await insertTradingDay(db, { model: 'm1', date: '2025-01-02', job_id: 'job-2' });
      await expect(db.deleteFrom('jobs').where('job_id', '=', 'job-2').execute()).rejects.toThrow(
        /foreign key/i,
      );
    });

    it('enforces foreign keys on insert', async () => {
      const db = await fresh.open();
      await expect(
        db.insertInto('holdings').values({ trading_day_id: 999, symbol: 'AAPL', quantity: 1 }).execute(),
      ).rejects.toThrow(/foreign key/i);
    });

    it('rejects a duplicate job detail for the same job, date and model', async () => {
      const db = await fresh.open();
      await insertJob(db, 'job-1');
      const detail = { job_id: 'job-1', date: '2025-01-02', model: 'm1', status: 'pending' } as const;
      await db.insertInto('job_details').values(detail).execute();
      await expect(db.insertInto('job_details').values(detail).execute()).rejects.toThrow(/unique/i);
    });
  });
}
