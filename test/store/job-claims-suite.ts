import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { LeaseLostError } from '../../src/jobs/job-store.js';
import { jobDayStore } from '../../src/jobs/claimed-day.js';
import type { NewJob, PlannedModelDay } from '../../src/jobs/job-types.js';
import type { ModelDayRecord } from '../../src/simulation/model-day-record.js';
import { KyselyJobStore } from '../../src/store/kysely-job-store.js';
import { KyselyModelDayStore } from '../../src/store/kysely-model-day-store.js';
import { KyselyUnitOfWork } from '../../src/store/kysely-unit-of-work.js';
import { openDatabase } from '../../src/store/open-database.js';
import type { Database } from '../../src/store/schema.js';
import { heldDayRecord, jobOver, modelDayGrid as grid } from '../helpers/model-day-fixtures.js';
import { useFreshDatabase, type StoreBackend } from './store-backend.js';

/** Times of the tests' clock: leases run until LATER, and have expired by LATEST. */
const T0 = '2025-11-01T00:00:00.000Z';
const T1 = '2025-11-01T00:00:01.000Z';
const LATER = '2025-11-01T00:00:15.000Z';
const LATEST = '2025-11-01T00:01:00.000Z';

const W1 = 'w-aaaa-1-a1';
const W2 = 'w-aaaa-2-b2';

const job = (jobId: string, days: readonly PlannedModelDay[], createdAt = T0): NewJob =>
  jobOver(jobId, days, createdAt);

/** A model-day's record with no trades: enough to commit it. */
const record = (jobId: string, day: PlannedModelDay): ModelDayRecord =>
  heldDayRecord(jobId, day, { startedAt: T1, completedAt: LATER, sessionDurationSeconds: 1 });

/** Claims, leases, recovery and the ends of jobs (KyselyJobStore), for any backend. */
export function defineJobClaimsSuite(backend: StoreBackend): void {
  describe('KyselyJobStore: claims and leases', () => {
    const fresh = useFreshDatabase(backend);
    const kind = (): 'sqlite' | 'postgres' => (fresh.url().startsWith('postgres') ? 'postgres' : 'sqlite');

    /** The store under test, as `jobs` (creation, reads) and `claims` (work handed out) for readability. */
    async function open(): Promise<{ db: Kysely<Database>; jobs: KyselyJobStore; claims: KyselyJobStore }> {
      const db = await fresh.open();
      const store = new KyselyJobStore(db, kind());
      return { db, jobs: store, claims: store };
    }

    /** Puts a job where its preparation would leave it (`running`): the state these tests start from. */
    async function markRunning(db: Kysely<Database>, jobId: string): Promise<void> {
      await db
        .updateTable('jobs')
        .set({ status: 'running', updated_at: T0 })
        .where('job_id', '=', jobId)
        .execute();
    }

    /** Creates a job and takes it through preparation, so its days may be claimed. */
    async function runningJob(
      ctx: { db: Kysely<Database>; jobs: KyselyJobStore },
      jobId: string,
      days: readonly PlannedModelDay[],
      createdAt = T0,
    ): Promise<void> {
      expect(await ctx.jobs.createIfSlotFree(job(jobId, days, createdAt), days, 10)).toBe(true);
      await markRunning(ctx.db, jobId);
    }

    const lease = (token: string, now = T1, until = LATER) => ({ token, now, until });

    /** Claims `day` (the next of its model) and commits its detail under that claim, as a worker would. */
    async function complete(
      ctx: { jobs: KyselyJobStore },
      jobId: string,
      day: PlannedModelDay,
      times = { startedAt: T1, completedAt: LATER, durationSeconds: 1 },
    ): Promise<void> {
      const claimed = await ctx.jobs.claimDay(lease(`done/${day.model}/${day.date}`), {
        models: [day.model],
      });
      expect(claimed).toMatchObject({ jobId, ...day });
      await ctx.jobs.completeDay(jobId, day, times, claimed!.lease);
    }

    /**
     * `n` handles on this test's database, as `n` processes would have: separate connections on
     * PostgreSQL. On SQLite one connection: better-sqlite3 waits for a lock synchronously, so a
     * second connection in the same process would block the very event loop the first one needs
     * to commit (separate processes are tested end to end, in test/e2e/scale-out-sqlite).
     */
    async function handles(n: number, db: Kysely<Database>): Promise<Kysely<Database>[]> {
      if (kind() === 'sqlite') return Array.from({ length: n }, () => db);
      const opened = await Promise.all(Array.from({ length: n }, () => openDatabase(fresh.url())));
      fresh.track(...opened);
      return opened.map((o) => o.db);
    }

    it('claims the oldest pending job once for preparation, and keeps its first start time when it is resumed', async () => {
      const { jobs, claims } = await open();
      await jobs.createIfSlotFree(job('a', grid(['m1'], ['2025-10-01'])), grid(['m1'], ['2025-10-01']), 5);
      await jobs.createIfSlotFree(
        job('b', grid(['m2'], ['2025-10-01']), T1),
        grid(['m2'], ['2025-10-01']),
        5,
      );
      expect(await claims.claimPreparation(lease(`${W1}/1`))).toMatchObject({
        jobId: 'a',
        status: 'downloading_data',
        startedAt: T1,
      });
      expect((await claims.claimPreparation(lease(`${W2}/1`)))?.jobId).toBe('b');
      expect(await claims.claimPreparation(lease(`${W2}/2`))).toBeUndefined();

      // Its worker died: once the lease expires, recovery hands it back, with a warning, once.
      expect(await claims.recoverExpired(LATER, [], 'resumed')).toEqual([]);
      expect(await claims.recoverExpired(LATEST, [`${W2}/1`], 'resumed')).toEqual(['a']);
      expect(await claims.recoverExpired(LATEST, [`${W2}/1`], 'resumed')).toEqual([]);
      const again = await claims.claimPreparation(lease(`${W2}/3`, LATEST, LATEST));
      expect(again).toMatchObject({ jobId: 'a', startedAt: T1, warnings: ['resumed'] });
      // Only the holder of the lease moves it on; the one that lost it learns so.
      expect(await claims.startRunning('a', `${W1}/1`, LATEST)).toBe(false);
      expect(await claims.startRunning('a', `${W2}/3`, LATEST)).toBe(true);
      expect(await claims.startRunning('a', `${W2}/3`, LATEST)).toBe(true); // a retried acknowledgement
      expect((await jobs.get('a'))?.status).toBe('running');
    });

    it("hands out a model's days one at a time and in date order, other models' at once", async () => {
      const ctx = await open();
      const days = grid(['m1', 'm2'], ['2025-10-01', '2025-10-02']);
      await ctx.jobs.createIfSlotFree(job('a', days), days, 5);
      expect(await ctx.claims.claimDay(lease('t0'))).toBeUndefined(); // not running yet
      await markRunning(ctx.db, 'a');

      const first = await ctx.claims.claimDay(lease('t1'));
      const second = await ctx.claims.claimDay(lease('t2'));
      expect([first, second]).toEqual([
        { jobId: 'a', date: '2025-10-01', model: 'm1', lease: 't1' },
        { jobId: 'a', date: '2025-10-01', model: 'm2', lease: 't2' },
      ]);
      expect(await ctx.claims.claimDay(lease('t3'))).toBeUndefined();

      await ctx.jobs.completeDay(
        'a',
        { date: '2025-10-01', model: 'm2' },
        {
          startedAt: T1,
          completedAt: T1,
          durationSeconds: 1,
        },
      );
      expect(await ctx.claims.claimDay(lease('t4'))).toMatchObject({ date: '2025-10-02', model: 'm2' });
      // A failed day does not hold its model back.
      expect(
        await ctx.claims.failDay({ jobId: 'a', date: '2025-10-01', model: 'm1' }, 't1', {
          error: 'x',
          completedAt: T1,
        }),
      ).toBe(true);
      expect(await ctx.claims.claimDay(lease('t5'), { skipJobs: ['b'] })).toMatchObject({
        date: '2025-10-02',
        model: 'm1',
      });
    });

    it('fails a day only under its claim, and a retried failure (its acknowledgement lost) finds its own write', async () => {
      const ctx = await open();
      await runningJob(ctx, 'a', grid(['m1'], ['2025-10-01']));
      const day = await ctx.claims.claimDay(lease(`${W1}/1`));
      const failure = { error: 'Execution failed: boom', completedAt: LATER, durationSeconds: 2 };
      expect(await ctx.claims.failDay(day!, `${W2}/1`, failure)).toBe(false);
      expect(await ctx.claims.failDay(day!, `${W1}/1`, failure)).toBe(true);
      expect(await ctx.claims.failDay(day!, `${W1}/1`, failure)).toBe(true);
      expect(await ctx.claims.failDay(day!, `${W1}/1`, { ...failure, error: 'another' })).toBe(false);
      expect((await ctx.jobs.details('a'))[0]).toMatchObject({
        status: 'failed',
        error: 'Execution failed: boom',
        completedAt: LATER,
        durationSeconds: 2,
      });
    });

    it('leaves the days of skipped and cancelled jobs alone', async () => {
      const ctx = await open();
      await runningJob(ctx, 'a', grid(['m1'], ['2025-10-01']));
      await runningJob(ctx, 'b', grid(['m2'], ['2025-10-01']), T1);
      expect((await ctx.claims.claimDay(lease('t1'), { skipJobs: ['a'] }))?.jobId).toBe('b');
      await ctx.jobs.cancel('a', new Date(T1));
      expect(await ctx.claims.claimDay(lease('t2'))).toBeUndefined();
    });

    it('gives a model to jobs in the order they were created, whichever is ready first', async () => {
      const ctx = await open();
      const older = grid(['m1'], ['2025-10-02', '2025-10-03']);
      await ctx.jobs.createIfSlotFree(job('older', older), older, 5); // still pending: being prepared
      await runningJob(ctx, 'newer', grid(['m1', 'm2'], ['2025-10-01']), T1);
      // m1 waits for the older job; m2 is in no older job.
      expect(await ctx.claims.claimDay(lease('t1'))).toMatchObject({ jobId: 'newer', model: 'm2' });
      expect(await ctx.claims.claimDay(lease('t2'))).toBeUndefined();
      await markRunning(ctx.db, 'older');
      const day = await ctx.claims.claimDay(lease('t3'));
      expect(day).toMatchObject({ jobId: 'older', date: '2025-10-02', model: 'm1' });
      await ctx.claims.failDay(day!, 't3', { error: 'x', completedAt: T1 });
      expect(await ctx.claims.claimDay(lease('t4'))).toMatchObject({ jobId: 'older', date: '2025-10-03' });
      expect(await ctx.claims.claimDay(lease('t5'))).toBeUndefined();
      await ctx.claims.failDay({ jobId: 'older', date: '2025-10-03', model: 'm1' }, 't4', {
        error: 'x',
        completedAt: T1,
      });
      expect(await ctx.claims.claimDay(lease('t6'))).toMatchObject({ jobId: 'newer', model: 'm1' });
    });

    it("takes only the models a claim's scope names, and leaves those it excludes", async () => {
      const ctx = await open();
      await runningJob(ctx, 'a', grid(['ext', 'm1'], ['2025-10-01', '2025-10-02']));
      // A worker leaves the external model's days to its client...
      expect(await ctx.claims.claimDay(lease('t1'), { exceptModels: ['ext'] })).toMatchObject({
        model: 'm1',
      });
      expect(await ctx.claims.claimDay(lease('t2'), { exceptModels: ['ext'] })).toBeUndefined();
      // ...which claims them in date order, one at a time, and nothing else.
      expect(await ctx.claims.claimDay(lease('t3'), { models: ['ext'] })).toMatchObject({
        model: 'ext',
        date: '2025-10-01',
      });
      expect(await ctx.claims.claimDay(lease('t4'), { models: ['ext'] })).toBeUndefined();
    });

    it('fails external days nobody claimed, once their job has nothing else to run and has been quiet since the cut-off', async () => {
      const ctx = await open();
      const waiting = 'No external agent claimed this day';
      await runningJob(ctx, 'a', grid(['ext', 'm1'], ['2025-10-01', '2025-10-02']));
      // m1 still has days to run: the job is not waiting on the agent alone.
      expect(await ctx.claims.failUnclaimed(['ext'], LATEST, LATEST, waiting)).toEqual([]);
      for (const date of ['2025-10-01', '2025-10-02']) await complete(ctx, 'a', { date, model: 'm1' });
      // Something happened in the job after the cut-off: it waits on.
      expect(await ctx.claims.failUnclaimed(['ext'], T1, LATEST, waiting)).toEqual([]);
      // A claimed day runs on; the job is not idle while it does.
      const claimed = await ctx.claims.claimDay(lease('t1', LATEST, '2025-11-01T00:02:00.000Z'), {
        models: ['ext'],
      });
      expect(claimed).toMatchObject({ model: 'ext', date: '2025-10-01' });
      expect(
        await ctx.claims.failUnclaimed(
          ['ext'],
          '2025-11-01T00:05:00.000Z',
          '2025-11-01T00:05:00.000Z',
          waiting,
        ),
      ).toEqual([]);
      await ctx.claims.failDay(claimed!, 't1', { error: 'agent idle', completedAt: LATEST });

      expect(
        await ctx.claims.failUnclaimed(
          ['ext'],
          '2025-11-01T00:05:00.000Z',
          '2025-11-01T00:05:00.000Z',
          waiting,
        ),
      ).toEqual(['a']);
      const details = await ctx.jobs.details('a');
      expect(details.filter((d) => d.model === 'ext').map((d) => [d.date, d.status, d.error])).toEqual([
        ['2025-10-01', 'failed', 'agent idle'],
        ['2025-10-02', 'failed', waiting],
      ]);
      expect(await ctx.claims.jobsToSettle()).toEqual(['a']);
    });

    it('never runs a model in two jobs at once, even when an older job appears late', async () => {
      const ctx = await open();
      await runningJob(ctx, 'b', grid(['m1'], ['2025-10-02']), T1);
      expect(await ctx.claims.claimDay(lease('t1'))).toMatchObject({ jobId: 'b' });
      // A job stamped earlier (another API process's clock) arrives while b's day runs under a live lease.
      await runningJob(ctx, 'a', grid(['m1'], ['2025-10-01']), T0);
      expect(await ctx.claims.claimDay(lease('t2'))).toBeUndefined();
      // Once that lease is gone (expired), a's day may run.
      expect(await ctx.claims.claimDay(lease('t3', LATEST, LATEST))).toMatchObject({ jobId: 'a' });
    });

    it('gives each model-day to one of many workers claiming at once, never two days of a model together', async () => {
      const ctx = await open();
      const days = grid(['m1', 'm2', 'm3'], ['2025-10-01', '2025-10-02']);
      await runningJob(ctx, 'a', days);
      const workers = await handles(6, ctx.db);
      const claimed = await Promise.all(
        workers.map((db, i) => new KyselyJobStore(db, kind()).claimDay(lease(`t${i}`))),
      );
      const got = claimed.filter((c) => c !== undefined);
      expect(got.map((c) => c.model).sort()).toEqual(['m1', 'm2', 'm3']);
      expect(got.every((c) => c.date === '2025-10-01')).toBe(true);
      const running = (await ctx.jobs.details('a')).filter((d) => d.status === 'running');
      expect(running).toHaveLength(3);
    });

    it('renews the leases still held and reports the ones another worker took over', async () => {
      const ctx = await open();
      await runningJob(ctx, 'a', grid(['m1', 'm2'], ['2025-10-01']));
      await ctx.claims.claimDay(lease(`${W1}/1`));
      await ctx.claims.claimDay(lease(`${W1}/2`));
      expect(await ctx.claims.liveHolders(T1)).toEqual(expect.arrayContaining([`${W1}/1`, `${W1}/2`]));
      expect(await ctx.claims.renew([`${W1}/1`, `${W1}/2`], LATEST)).toEqual(new Set([`${W1}/1`, `${W1}/2`]));
      expect(await ctx.claims.recoverExpired(LATER, [], 'resumed')).toEqual([]); // renewed past LATER

      await ctx.claims.expire({ tokens: [`${W1}/2`] });
      expect(await ctx.claims.recoverExpired(LATER, [], 'resumed')).toEqual(['a']);
      expect(await ctx.claims.renew([`${W1}/1`, `${W1}/2`], LATEST)).toEqual(new Set([`${W1}/1`]));
      const job = await ctx.jobs.get('a');
      expect(job?.warnings).toEqual(['resumed']);
      expect((await ctx.jobs.details('a')).map((d) => [d.model, d.status, d.startedAt])).toEqual([
        ['m1', 'running', T1],
        ['m2', 'pending', null],
      ]);
    });

    it('expires every lease of a worker at once, and recovery spares the leases a worker says it holds', async () => {
      const ctx = await open();
      await runningJob(ctx, 'a', grid(['m1', 'm2'], ['2025-10-01']));
      await ctx.claims.claimDay(lease(`${W1}/1`));
      await ctx.claims.claimDay(lease(`${W2}/1`));
      await ctx.claims.expire({ workers: [W1] });
      expect(await ctx.claims.liveHolders(T1)).toEqual([`${W2}/1`]);
      // Past every lease, but W2 still holds its own (the database was away; it renews as it can).
      expect(await ctx.claims.recoverExpired(LATEST, [`${W2}/1`], 'resumed')).toEqual(['a']);
      expect((await ctx.jobs.details('a')).map((d) => d.status)).toEqual(['pending', 'running']);
    });

    it('commits a day only under its lease: a worker that lost it writes nothing, and a retried commit writes once', async () => {
      const ctx = await open();
      const day = { date: '2025-10-01', model: 'm1' };
      await runningJob(ctx, 'a', [day]);
      const days = jobDayStore(new KyselyModelDayStore(ctx.db), new KyselyUnitOfWork(ctx.db, kind()));
      await ctx.claims.claimDay(lease(`${W1}/1`));
      // W1 froze; its lease expired and W2 took the day over.
      await ctx.claims.recoverExpired(LATEST, [], 'resumed');
      await ctx.claims.claimDay(lease(`${W2}/1`, LATEST, LATEST));

      await expect(days.saveDay(record('a', day), { lease: `${W1}/1` })).rejects.toBeInstanceOf(
        LeaseLostError,
      );
      expect(await ctx.db.selectFrom('trading_days').select('id').execute()).toEqual([]);

      const id = await days.saveDay(record('a', day), { lease: `${W2}/1` });
      expect(await days.saveDay(record('a', day), { lease: `${W2}/1` })).toBe(id);
      expect(await ctx.db.selectFrom('trading_days').select('id').execute()).toEqual([{ id }]);
      expect((await ctx.jobs.details('a'))[0]).toMatchObject({ status: 'completed', startedAt: T1 });
      await expect(days.saveDay(record('a', day), { lease: `${W1}/1` })).rejects.toBeInstanceOf(
        LeaseLostError,
      );
    });

    it('closes a job once it has no work left, exactly once however many ask', async () => {
      const ctx = await open();
      const days = grid(['m1'], ['2025-10-01', '2025-10-02']);
      await runningJob(ctx, 'a', days);
      expect(await ctx.claims.jobsToSettle()).toEqual([]);
      expect(await ctx.claims.settle('a', new Date(LATER))).toBeUndefined();
      for (const day of days)
        await complete(ctx, 'a', day, { startedAt: T1, completedAt: T1, durationSeconds: 1 });
      expect(await ctx.claims.jobsToSettle()).toEqual(['a']);

      const others = await handles(4, ctx.db);
      const closed = await Promise.all(
        others.map((db) => new KyselyJobStore(db, kind()).settle('a', new Date(LATER))),
      );
      expect(closed.filter((c) => c !== undefined).map((c) => c?.status)).toEqual(['completed']);
      expect(await ctx.claims.jobsToSettle()).toEqual([]);
    });

    it('closes a cancelled job when nothing of it runs, its unstarted days skipped', async () => {
      const ctx = await open();
      await runningJob(ctx, 'a', grid(['m1', 'm2'], ['2025-10-01', '2025-10-02']));
      await ctx.claims.claimDay(lease('t1'));
      await ctx.jobs.cancel('a', new Date(T1));
      expect(await ctx.claims.jobsToSettle()).toEqual([]); // m1's first day still runs
      expect(await ctx.claims.settle('a', new Date(LATER))).toBeUndefined();
      await ctx.jobs.completeDay(
        'a',
        { date: '2025-10-01', model: 'm1' },
        { startedAt: T1, completedAt: T1, durationSeconds: 1 },
        't1',
      );
      expect(await ctx.claims.jobsToSettle()).toEqual(['a']);
      expect(await ctx.claims.settle('a', new Date(LATER))).toMatchObject({ status: 'partial' });
      expect((await ctx.jobs.details('a')).map((d) => [d.model, d.date, d.status, d.error])).toEqual([
        ['m1', '2025-10-01', 'completed', null],
        ['m2', '2025-10-01', 'skipped', 'Cancelled'],
        ['m1', '2025-10-02', 'skipped', 'Cancelled'],
        ['m2', '2025-10-02', 'skipped', 'Cancelled'],
      ]);
    });
  });
}
