/**
 * What leases cost a model-day on PostgreSQL, measured on the store with nothing else in the way: a
 * job's days claimed by several concurrent claimers (separate pools, as processes have) and
 * committed under their leases, a renewal round, and the same commits without the lease check.
 */
import { tradingDaysBetween } from '../src/core/calendar.js';
import { jobDayStore } from '../src/jobs/claimed-day.js';
import type { PlannedModelDay } from '../src/jobs/job-types.js';
import type { ModelDayRecord } from '../src/simulation/model-day-record.js';
import { KyselyJobStore } from '../src/store/kysely-job-store.js';
import { KyselyModelDayStore } from '../src/store/kysely-model-day-store.js';
import { KyselyUnitOfWork } from '../src/store/kysely-unit-of-work.js';
import { openDatabase, type OpenDatabase } from '../src/store/open-database.js';
import { heldDayRecord, jobOver, modelDayGrid } from '../test/helpers/model-day-fixtures.js';
import { createTestDatabase } from '../test/helpers/postgres.js';
import { median } from './report.js';

const MODELS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8'];
const CLAIMERS = 4;
const AT = '2025-11-01T00:00:00.000Z';
const UNTIL = '2099-01-01T00:00:00.000Z';

export interface LeaseOverhead {
  days: number;
  claimers: number;
  claimMs: number;
  renewMs: number;
  commitCheckMs: number;
}

export async function measureLeaseOverhead(baseUrl: string, opts: { days: number }): Promise<LeaseOverhead> {
  const database = await createTestDatabase(baseUrl);
  const handles: OpenDatabase[] = [];
  try {
    for (let i = 0; i < CLAIMERS; i++) handles.push(await openDatabase(database.url));
    const db = (handles[0] as OpenDatabase).db;
    const jobs = new KyselyJobStore(db, 'postgres');
    const dates = tradingDaysBetween('2025-01-02', '2025-12-31').slice(
      0,
      Math.ceil(opts.days / MODELS.length),
    );
    const days = modelDayGrid(MODELS, dates);
    for (const jobId of ['leased', 'plain']) {
      await jobs.createIfSlotFree(
        jobOver(jobId, days, jobId === 'leased' ? AT : '2025-11-02T00:00:00.000Z'),
        days,
        10,
      );
    }
    // Where its preparation would leave it: its days are anyone's to claim.
    await db.updateTable('jobs').set({ status: 'running' }).where('job_id', '=', 'leased').execute();

    const claimMs: number[] = [];
    const renewMs: number[] = [];
    const leasedCommitMs: number[] = [];
    let remaining = days.length;
    await Promise.all(
      handles.map(async (handle, worker) => {
        const claims = new KyselyJobStore(handle.db, 'postgres');
        const store = jobDayStore(
          new KyselyModelDayStore(handle.db),
          new KyselyUnitOfWork(handle.db, 'postgres'),
        );
        for (let n = 0; remaining > 0; n++) {
          const token = `w-bench-${worker}-0/${n}`;
          let started = performance.now();
          const day = await claims.claimDay({ token, now: AT, until: UNTIL });
          if (!day) {
            // Every runnable day is held by another claimer: the next frees when it commits.
            await new Promise((r) => setImmediate(r));
            continue;
          }
          claimMs.push(performance.now() - started);
          started = performance.now();
          await claims.renew([token], UNTIL);
          renewMs.push(performance.now() - started);
          started = performance.now();
          await store.saveDay(emptyDay('leased', day), { lease: token });
          leasedCommitMs.push(performance.now() - started);
          remaining -= 1;
        }
      }),
    );

    // The same commits without a lease to check, by as many committers at once (each its own models).
    const plainCommitMs: number[] = [];
    await Promise.all(
      handles.map(async (handle, worker) => {
        const store = jobDayStore(
          new KyselyModelDayStore(handle.db),
          new KyselyUnitOfWork(handle.db, 'postgres'),
        );
        for (const day of days.filter((d) => MODELS.indexOf(d.model) % CLAIMERS === worker)) {
          // Running as if claimed, with no lease for the commit to check.
          await handle.db
            .updateTable('job_details')
            .set({ status: 'running', started_at: AT })
            .where('job_id', '=', 'plain')
            .where('date', '=', day.date)
            .where('model', '=', day.model)
            .execute();
          const started = performance.now();
          await store.saveDay(emptyDay('plain', day));
          plainCommitMs.push(performance.now() - started);
        }
      }),
    );
    return {
      days: days.length,
      claimers: CLAIMERS,
      claimMs: median(claimMs),
      renewMs: median(renewMs),
      commitCheckMs: Math.max(0, median(leasedCommitMs) - median(plainCommitMs)),
    };
  } finally {
    for (const handle of handles) await handle.close();
    await database.drop();
  }
}

/** A day of either job, with no trades, completed after its job was created. */
const emptyDay = (jobId: string, day: PlannedModelDay): ModelDayRecord =>
  heldDayRecord(jobId, day, {
    startedAt: AT,
    completedAt: `${jobId === 'plain' ? '2025-11-02' : '2025-11-01'}T00:00:01.000Z`,
    sessionDurationSeconds: 1,
  });
