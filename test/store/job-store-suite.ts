import { describe, expect, it } from 'vitest';
import type { NewJob } from '../../src/jobs/job-types.js';
import { KyselyJobStore } from '../../src/store/kysely-job-store.js';
import { jobDayStore } from '../../src/jobs/claimed-day.js';
import type { ModelDayRecord } from '../../src/simulation/model-day-record.js';
import { KyselyModelDayStore } from '../../src/store/kysely-model-day-store.js';
import { KyselyUnitOfWork } from '../../src/store/kysely-unit-of-work.js';
import { KyselyPriceStore } from '../../src/store/kysely-price-store.js';
import { readDataVersion } from '../../src/store/change-counters.js';
import { claimNext, heldDayRecord, jobOver, startJob } from '../helpers/model-day-fixtures.js';
import { bar, insertJob, insertTradingDay } from './sample-rows.js';
import { useFreshDatabase, type StoreBackend } from './store-backend.js';

const AT = '2025-11-01T00:00:00.000Z';

const DAYS = [
  { date: '2025-10-01', model: 'm1' },
  { date: '2025-10-02', model: 'm1' },
];

const newJob = (jobId: string): NewJob =>
  jobOver(jobId, DAYS, AT, { request: { end_date: '2025-10-02' }, warnings: ['planned'] });

/** A model-day's record with no trades: enough to write its rows. */
const dayRecord = (jobId: string, date: string): ModelDayRecord =>
  heldDayRecord(jobId, { date, model: 'm1' }, { startedAt: AT, completedAt: AT, sessionDurationSeconds: 2 });

/** KyselyJobStore behaviour, for any backend. */
export function defineJobStoreSuite(backend: StoreBackend): void {
  describe('KyselyJobStore', () => {
    const fresh = useFreshDatabase(backend);
    const open = async () =>
      new KyselyJobStore(await fresh.open(), fresh.url().startsWith('postgres') ? 'postgres' : 'sqlite');

    it('creates exactly one job when 20 triggers race for the only slot', async () => {
      const store = await open();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.createIfSlotFree(newJob(`job-${i}`), DAYS, 1)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.activeJobs()).map((j) => j.status)).toEqual(['pending']);
      const created = (await store.activeJobs())[0];
      expect(await store.details(created?.jobId ?? '')).toHaveLength(2);
    });

    it("moves a job's fingerprint with every change to it or its model-days, and only then", async () => {
      const store = await open();
      expect(await store.fingerprint('nope')).toBeUndefined();
      await store.createIfSlotFree(newJob('a'), DAYS, 5);
      const seen = [await store.fingerprint('a')];
      expect(await store.fingerprint('a')).toBe(seen[0]);
      const lease = { token: 'w/1', now: AT, until: '2025-11-01T00:00:15.000Z' };
      const changes = [
        () => store.claimPreparation(lease),
        () => store.startRunning('a', 'w/1', AT),
        () => store.claimDay({ ...lease, token: 'w/2' }),
        () => store.completeDay('a', DAYS[0]!, { startedAt: AT, completedAt: AT, durationSeconds: 1 }, 'w/2'),
        () => store.skipPending('a', 'no prices', AT),
        () => store.addWarnings('a', ['a warning'], AT),
        () => store.cancel('a', new Date(AT)),
        () => store.settle('a', new Date(AT)),
      ];
      for (const change of changes) {
        await change();
        const next = await store.fingerprint('a');
        expect(seen).not.toContain(next);
        seen.push(next);
      }
    });

    it('rehearses a creation without leaving anything behind', async () => {
      const store = await open();
      await store.rehearseCreate(newJob('ghost'), DAYS);
      expect(await store.get('ghost')).toBeUndefined();
      expect(await store.details('ghost')).toEqual([]);
      expect(await store.createIfSlotFree(newJob('real'), DAYS, 1)).toBe(true);
    });

    it('reports the model-days that active jobs still have to run', async () => {
      const store = await open();
      await store.createIfSlotFree(newJob('a'), DAYS, 5);
      // Prepared, and its first day committed, as a worker would.
      const lease = { token: 'w/1', now: AT, until: '2025-11-01T00:00:15.000Z' };
      await store.claimPreparation(lease);
      await store.startRunning('a', 'w/1', AT);
      await store.claimDay(lease);
      await store.completeDay('a', DAYS[0]!, { startedAt: AT, completedAt: AT, durationSeconds: 1 }, 'w/1');
      const range = { startDate: '2025-10-01', endDate: '2025-10-02' };
      expect([...(await store.takenModelDays('us', ['m1', 'm2'], range))]).toEqual(['m1|2025-10-02']);
      expect([
        ...(await store.takenModelDays('us', ['m1'], { startDate: null, endDate: '2025-10-02' })),
      ]).toEqual(['m1|2025-10-02']);
      expect(
        await store.takenModelDays('us', ['m1'], { startDate: '2025-10-03', endDate: '2025-10-09' }),
      ).toEqual(new Set());
      await store.fail('a', 'stopped', new Date(AT));
      expect(await store.takenModelDays('us', ['m1'], range)).toEqual(new Set());
    });

    it("answers each model's live (unsuperseded) trading dates, for planning", async () => {
      const db = await fresh.open();
      const history = new KyselyModelDayStore(db);
      await insertJob(db, 'job-1');
      for (const date of ['2025-10-01', '2025-10-02', '2025-10-06'])
        await insertTradingDay(db, { model: 'm1', date });
      await insertTradingDay(db, { model: 'm2', date: '2025-10-02' });
      expect(await history.lastLiveDates('us', ['m1', 'm2', 'm3'])).toEqual(
        new Map([
          ['m1', '2025-10-06'],
          ['m2', '2025-10-02'],
        ]),
      );
      expect(await history.liveDatesFrom('us', ['m1', 'm3'], '2025-10-02')).toEqual(
        new Map([['m1', ['2025-10-02', '2025-10-06']]]),
      );
      await db
        .updateTable('trading_days')
        .set({ superseded_at: AT, superseded_by_job: 'job-2' })
        .where('date', '>=', '2025-10-02')
        .where('model', '=', 'm1')
        .execute();
      expect((await history.lastLiveDates('us', ['m1'])).get('m1')).toBe('2025-10-01');
      expect(await history.liveDatesFrom('us', ['m1'], '2025-10-02')).toEqual(new Map());
    });

    it('keeps one portfolio per market: history, starting point and superseding never cross markets', async () => {
      const db = await fresh.open();
      const store = new KyselyModelDayStore(db);
      await insertJob(db, 'job-1');
      await insertTradingDay(db, { model: 'm1', date: '2025-10-01', ending_cash: 9_000 });
      const crypto = await insertTradingDay(db, {
        model: 'm1',
        market: 'crypto',
        date: '2025-10-04',
        ending_cash: 30_003.5062,
        ending_value: 50_280.545,
      });
      await db
        .insertInto('holdings')
        .values({ trading_day_id: crypto, symbol: 'BTC-USDT', quantity: 0.1817 })
        .execute();
      expect(await store.lastLiveDates('us', ['m1'])).toEqual(new Map([['m1', '2025-10-01']]));
      expect(await store.lastLiveDates('crypto', ['m1'])).toEqual(new Map([['m1', '2025-10-04']]));
      expect(await store.lastLiveDates('cn', ['m1'])).toEqual(new Map());
      const cryptoStart = await store.startingPoint(
        { model: 'm1', market: 'crypto', date: '2025-10-05' },
        50_000,
      );
      expect(cryptoStart).toEqual({
        position: { cash: 30_003.5062, holdings: { 'BTC-USDT': 0.1817 } },
        previousDate: '2025-10-04',
        previousEndingValue: 50_280.545,
      });
      const usStart = await store.startingPoint({ model: 'm1', market: 'us', date: '2025-10-05' }, 10_000);
      expect(usStart).toMatchObject({ position: { cash: 9_000, holdings: {} }, previousDate: '2025-10-01' });
      const cnStart = await store.startingPoint({ model: 'm1', market: 'cn', date: '2025-10-09' }, 100_000);
      expect(cnStart).toEqual({
        position: { cash: 100_000, holdings: {} },
        previousDate: null,
        previousEndingValue: null,
      });
      // A us day before the crypto one supersedes later us days only.
      await store.saveDay({ ...dayRecord('job-1', '2025-09-30'), model: 'm1' });
      expect(await store.lastLiveDates('crypto', ['m1'])).toEqual(new Map([['m1', '2025-10-04']]));
      expect(await store.lastLiveDates('us', ['m1'])).toEqual(new Map([['m1', '2025-09-30']]));
    });

    it('commits a model-day and its job detail in one unit of work, or neither', async () => {
      const db = await fresh.open();
      const kind = fresh.url().startsWith('postgres') ? 'postgres' : 'sqlite';
      const jobs = new KyselyJobStore(db, kind);
      const uow = new KyselyUnitOfWork(db, kind);
      const days = jobDayStore(new KyselyModelDayStore(db), uow);
      await jobs.createIfSlotFree(newJob('a'), DAYS, 5);
      await startJob(jobs, 'a', AT);
      const lease = await claimNext(jobs, 'a', DAYS[0]!, AT);

      await expect(
        uow.run(async (tx) => {
          await tx.modelDays.saveDay(dayRecord('a', DAYS[0]!.date));
          throw new Error('the detail write failed');
        }),
      ).rejects.toThrow('the detail write failed');
      expect(await db.selectFrom('trading_days').select('id').execute()).toEqual([]);

      await days.saveDay(dayRecord('a', DAYS[0]!.date), { lease });
      expect(await db.selectFrom('trading_days').select(['job_id', 'date']).execute()).toEqual([
        { job_id: 'a', date: DAYS[0]!.date },
      ]);
      expect((await jobs.details('a'))[0]).toMatchObject({
        status: 'completed',
        startedAt: AT,
        completedAt: AT,
        durationSeconds: 2,
      });
    });

    it('writes a model-day once when its commit is retried (a lost acknowledgement), and a new run of the day again', async () => {
      const db = await fresh.open();
      const kind = fresh.url().startsWith('postgres') ? 'postgres' : 'sqlite';
      const jobs = new KyselyJobStore(db, kind);
      await jobs.createIfSlotFree(newJob('a'), DAYS, 5);
      await startJob(jobs, 'a', AT);
      const lease = await claimNext(jobs, 'a', DAYS[0]!, AT);
      const days = jobDayStore(new KyselyModelDayStore(db), new KyselyUnitOfWork(db, kind));
      const record = dayRecord('a', DAYS[0]!.date);
      const first = await days.saveDay(record, { lease });
      expect(await days.saveDay(record, { lease })).toBe(first);
      expect(await readDataVersion(db)).toBe('1.0');
      const rows = () =>
        db.selectFrom('trading_days').select(['id', 'superseded_at']).orderBy('id').execute();
      expect(await rows()).toEqual([{ id: first, superseded_at: null }]);

      // Another run of the same day (a replace_existing job) is a new record: it supersedes the first.
      const rerun = await days.saveDay({ ...record, completedAt: '2025-11-02T00:00:00.000Z' }, { lease });
      expect(rerun).not.toBe(first);
      expect((await rows()).map((r) => r.superseded_at === null)).toEqual([false, true]);
    });

    it('moves the data version with each committed day or stored bar, never with a rolled-back one', async () => {
      const db = await fresh.open();
      const kind = fresh.url().startsWith('postgres') ? 'postgres' : 'sqlite';
      await new KyselyJobStore(db, kind).createIfSlotFree(newJob('a'), DAYS, 5);
      const start = await readDataVersion(db);
      expect(start).toBe('0.0');
      await expect(
        new KyselyUnitOfWork(db, kind).run(async (tx) => {
          await tx.modelDays.saveDay(dayRecord('a', DAYS[0]!.date));
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await readDataVersion(db)).toBe('0.0');
      await new KyselyModelDayStore(db).saveDay(dayRecord('a', DAYS[0]!.date));
      expect(await readDataVersion(db)).toBe('1.0');
      await new KyselyPriceStore(db).saveBars([bar('AAPL', '2025-10-01', 100)], 'import');
      expect(await readDataVersion(db)).toBe('1.1');
    });

    it('skips pending details with a reason and pages through jobs newest first', async () => {
      const store = await open();
      await store.createIfSlotFree(newJob('old'), DAYS, 5);
      await store.createIfSlotFree({ ...newJob('new'), createdAt: '2025-11-03T00:00:00.000Z' }, DAYS, 5);
      expect(await store.skipPending('old', 'Cancelled', AT, ['2025-10-02'])).toBe(1);
      expect((await store.details('old')).map((d) => [d.status, d.error])).toEqual([
        ['pending', null],
        ['skipped', 'Cancelled'],
      ]);
      const page = await store.list({ limit: 1, offset: 0 });
      expect(page.total).toBe(2);
      expect(page.jobs.map((j) => j.jobId)).toEqual(['new']);
    });
  });
}
