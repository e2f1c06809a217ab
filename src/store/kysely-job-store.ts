import type { Insertable, Kysely, Updateable } from 'kysely';
import type { MarketId } from '../core/markets/market.js';
import { runnableDays, type RunnableDay } from '../jobs/day-lanes.js';
import {
  LeaseLostError,
  type ClaimedDay,
  type DayOutcome,
  type DayScope,
  type JobStore,
  type LeaseTerms,
} from '../jobs/job-store.js';
import type { Job, JobDetail, NewJob, PlannedModelDay } from '../jobs/job-types.js';
import {
  ACTIVE_JOB_STATUSES,
  CANCELLED_REASON,
  DETAIL_MOVES,
  JOB_MOVES,
  UNFINISHED_DETAIL_STATUSES,
  assertMove,
  dayFailedError,
  isTerminalJobStatus,
  jobEnd,
  jobFailedError,
  type DetailStatus,
  type JobEnd,
  type JobStatus,
} from '../jobs/lifecycle.js';
import {
  EXPIRED,
  abandonedDay,
  abandonedPreparation,
  anyAbandoned,
  heldBy,
  idleExternalJobs,
  listJobs,
  noWorkLeft,
  parseList,
  readActiveJobs,
  readDayOutcomes,
  readDetails,
  readFingerprint,
  readJob,
  readLanes,
  readLiveHolders,
  readTakenModelDays,
} from './kysely-job-reads.js';
import { deleteAllModelDays } from './kysely-model-day-store.js';
import { announceWork } from './postgres-work-signal.js';
import type { Database, JobDetailsTable, JobsTable } from './schema.js';
import { inTransaction } from './transaction.js';
import { inWriteTransaction, withWriteLock } from './write-lock.js';

const DETAIL_CHUNK = 500;

/**
 * The one door to a job's status: the move is checked against the lifecycle, and the statement
 * changes only rows still in `from`, so of two processes racing for one move, one makes it.
 */
const moveJobs = (
  db: Kysely<Database>,
  from: readonly JobStatus[],
  to: JobStatus,
  set: Updateable<JobsTable>,
) =>
  db
    .updateTable('jobs')
    .set({ ...set, status: to })
    .where('status', 'in', assertMove('job', JOB_MOVES, from, to));

/** The one door to a model-day's status, as `moveJobs` is to a job's. */
const moveDays = (
  db: Kysely<Database>,
  from: readonly DetailStatus[],
  to: DetailStatus,
  set: Updateable<JobDetailsTable> = {},
) =>
  db
    .updateTable('job_details')
    .set({ ...set, status: to })
    .where('status', 'in', assertMove('model-day', DETAIL_MOVES, from, to));

const endColumns = (end: JobEnd): Updateable<JobsTable> => ({
  error: end.error,
  completed_at: end.completedAt,
  total_duration_seconds: end.totalDurationSeconds,
  updated_at: end.completedAt,
});

const changed = (result: { numUpdatedRows: bigint }): boolean => Number(result.numUpdatedRows) > 0;

function jobRow(job: NewJob): Insertable<JobsTable> {
  return {
    job_id: job.jobId,
    status: 'pending',
    market: job.market,
    date_range: JSON.stringify(job.dateRange),
    models: JSON.stringify(job.models),
    request: JSON.stringify(job.request ?? null),
    config_snapshot: JSON.stringify(job.configSnapshot ?? null),
    resume_mode: job.resumeMode ? 1 : 0,
    created_at: job.createdAt,
    updated_at: job.createdAt,
    started_at: null,
    completed_at: null,
    total_duration_seconds: null,
    error: null,
    warnings: JSON.stringify(job.warnings),
    lease_owner: null,
    lease_expires_at: null,
  };
}

/**
 * Appends the warnings the job does not have yet, inside the caller's write transaction. A warning
 * already there is not added again: adding is then safe to repeat (a retry after a lost
 * acknowledgement, a resumed job preparing again).
 */
async function appendWarnings(
  trx: Kysely<Database>,
  jobId: string,
  warnings: readonly string[],
  now: string,
) {
  const row = await trx.selectFrom('jobs').select('warnings').where('job_id', '=', jobId).executeTakeFirst();
  if (!row) return;
  const existing = parseList(row.warnings);
  const merged = [...existing, ...new Set(warnings.filter((w) => !existing.includes(w)))];
  await trx
    .updateTable('jobs')
    .set({ warnings: JSON.stringify(merged), updated_at: now })
    .where('job_id', '=', jobId)
    .execute();
}

/** Deletes every job and result (children first), keeping price bars and coverage: DEV mode's clean start. */
export function resetSimulationData(db: Kysely<Database>): Promise<void> {
  return inTransaction(db, async (trx) => {
    await deleteAllModelDays(trx);
    await trx.deleteFrom('job_details').execute();
    await trx.deleteFrom('jobs').execute();
  });
}

/**
 * `JobStore` over Kysely, the only writer of `jobs` and `job_details`. PostgreSQL claims rows with
 * `FOR UPDATE SKIP LOCKED`, so workers never queue behind each other; SQLite claims under its write
 * lock (`BEGIN IMMEDIATE`, waiting out another process's with the busy timeout). Either way the rule
 * of which model-day may run (`runnableDays`) is applied to the active jobs' days as read inside the
 * claim's transaction.
 */
export class KyselyJobStore implements JobStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: 'sqlite' | 'postgres',
  ) {}

  createIfSlotFree(job: NewJob, details: readonly PlannedModelDay[], maxActive: number): Promise<boolean> {
    return withWriteLock(this.db, this.kind, (trx) => this.#create(trx, job, details, maxActive));
  }

  async rehearseCreate(job: NewJob, details: readonly PlannedModelDay[]): Promise<void> {
    const rehearsal = new Error('rehearsal: rolled back');
    await withWriteLock(this.db, this.kind, async (trx) => {
      await this.#create(trx, job, details, Number.POSITIVE_INFINITY);
      throw rehearsal;
    }).catch((error: unknown) => {
      if (error !== rehearsal) throw error;
    });
  }

  async #create(trx: Kysely<Database>, job: NewJob, details: readonly PlannedModelDay[], maxActive: number) {
    const { count } = await trx
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('status', 'in', [...ACTIVE_JOB_STATUSES])
      .executeTakeFirstOrThrow();
    if (Number(count) >= maxActive) return false;
    await trx.insertInto('jobs').values(jobRow(job)).execute();
    for (let i = 0; i < details.length; i += DETAIL_CHUNK) {
      const chunk = details
        .slice(i, i + DETAIL_CHUNK)
        .map((d) => ({ job_id: job.jobId, date: d.date, model: d.model, status: 'pending' as const }));
      await trx.insertInto('job_details').values(chunk).execute();
    }
    await announceWork(trx, this.kind);
    return true;
  }

  get = (jobId: string): Promise<Job | undefined> => readJob(this.db, jobId);
  list = (options: { limit: number; offset: number; status?: JobStatus }) => listJobs(this.db, options);
  details = (jobId: string): Promise<JobDetail[]> => readDetails(this.db, jobId);
  fingerprint = (jobId: string): Promise<string | undefined> => readFingerprint(this.db, jobId);
  activeJobs = (): Promise<Job[]> => readActiveJobs(this.db);
  liveHolders = (now: string): Promise<string[]> => readLiveHolders(this.db, now);

  takenModelDays(
    market: MarketId,
    models: readonly string[],
    dates: { startDate: string | null; endDate: string },
  ): Promise<Set<string>> {
    return readTakenModelDays(this.db, market, models, dates);
  }

  dayOutcomes(
    jobId: string,
    days: readonly { model: string; date: string }[],
  ): Promise<Map<string, DayOutcome>> {
    return readDayOutcomes(this.db, jobId, days);
  }

  async claimPreparation(lease: LeaseTerms): Promise<Job | undefined> {
    // A look without the write lock first: every worker asks on every poll, and mostly there is none.
    const any = await this.db
      .selectFrom('jobs')
      .select('job_id')
      .where('status', '=', 'pending')
      .limit(1)
      .executeTakeFirst();
    if (!any) return undefined;
    return inWriteTransaction(this.db, this.kind, async (trx) => {
      const next = await trx
        .selectFrom('jobs')
        .select(['job_id', 'started_at'])
        .where('status', '=', 'pending')
        .orderBy('created_at')
        .orderBy('job_id')
        .limit(1)
        .$if(this.kind === 'postgres', (q) => q.forUpdate().skipLocked())
        .executeTakeFirst();
      if (!next) return undefined;
      await moveJobs(trx, ['pending'], 'downloading_data', {
        lease_owner: lease.token,
        lease_expires_at: lease.until,
        updated_at: lease.now,
        // The first claim only: a resumed job keeps its original start.
        started_at: next.started_at ?? lease.now,
      })
        .where('job_id', '=', next.job_id)
        .execute();
      return readJob(trx, next.job_id);
    });
  }

  async startRunning(jobId: string, token: string, now: string): Promise<boolean> {
    // The owner stays, so a retry after a lost acknowledgement still finds its own change.
    const result = await moveJobs(this.db, ['downloading_data', 'running'], 'running', {
      lease_expires_at: null,
      updated_at: now,
    })
      .where('job_id', '=', jobId)
      .where('lease_owner', '=', token)
      .executeTakeFirst();
    // Its model-days are anyone's now.
    if (changed(result)) await announceWork(this.db, this.kind);
    return changed(result);
  }

  addWarnings(jobId: string, warnings: readonly string[], now: string): Promise<void> {
    if (warnings.length === 0) return Promise.resolve();
    return withWriteLock(this.db, this.kind, (trx) => appendWarnings(trx, jobId, warnings, now));
  }

  async skipPending(jobId: string, reason: string, now: string, dates?: readonly string[]): Promise<number> {
    if (dates && dates.length === 0) return 0;
    const result = await moveDays(this.db, ['pending'], 'skipped', { error: reason, completed_at: now })
      .where('job_id', '=', jobId)
      .$if(dates !== undefined, (q) => q.where('date', 'in', [...(dates ?? [])]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async claimDay(lease: LeaseTerms, scope: DayScope = {}): Promise<ClaimedDay | undefined> {
    // A look without the write lock first, as for preparations; the claim below asks again under it.
    if (runnableDays(await readLanes(this.db, this.kind), lease.now, scope).length === 0) return undefined;
    return inWriteTransaction(this.db, this.kind, async (trx) => {
      for (const day of runnableDays(await readLanes(trx, this.kind), lease.now, scope)) {
        const row = await trx
          .selectFrom('job_details')
          .select('id')
          .where('job_id', '=', day.jobId)
          .where('model', '=', day.model)
          .where('date', '=', day.date)
          .where('status', '=', 'pending')
          // Another worker claiming this very day holds its row: try the next one instead of waiting.
          .$if(this.kind === 'postgres', (q) => q.forUpdate().skipLocked())
          .executeTakeFirst();
        if (!row) continue;
        if (this.kind === 'postgres' && !(await this.#stillRunnable(trx, day, row.id, lease.now))) continue;
        // Guarded by the status: on PostgreSQL the row may have moved on since the lanes were read.
        const claimed = await moveDays(trx, ['pending'], 'running', {
          started_at: lease.now,
          error: null,
          lease_owner: lease.token,
          lease_expires_at: lease.until,
        })
          .where('id', '=', row.id)
          .executeTakeFirst();
        if (changed(claimed))
          return { jobId: day.jobId, date: day.date, model: day.model, lease: lease.token };
      }
      return undefined;
    });
  }

  /**
   * On PostgreSQL each statement of the claim reads the latest commits, so the lanes may mix states
   * from before and after another worker's claim of the same model. Once the row is locked, this asks
   * again what that claim would have changed: the model busy under a live lease, or an earlier day of
   * it still unfinished. (SQLite claims under its write lock, which no other claim can commit through.)
   */
  async #stillRunnable(trx: Kysely<Database>, day: RunnableDay, id: number, now: string): Promise<boolean> {
    const conflict = await trx
      .selectFrom('job_details')
      .select('id')
      .where('id', '!=', id)
      .where('model', '=', day.model)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '>=', now)]),
          eb.and([
            eb('job_id', '=', day.jobId),
            eb('date', '<', day.date),
            eb('status', 'in', [...UNFINISHED_DETAIL_STATUSES]),
          ]),
        ]),
      )
      .limit(1)
      .executeTakeFirst();
    return conflict === undefined;
  }

  async completeDay(
    jobId: string,
    day: PlannedModelDay,
    fields: { startedAt: string; completedAt: string; durationSeconds: number | null },
    lease?: string,
  ): Promise<void> {
    // Still ours: running under our claim, or completed by our own earlier attempt (a commit whose
    // acknowledgement was lost). Anything else means another worker took the day over.
    const result = await moveDays(this.db, ['running', 'completed'], 'completed', {
      error: null,
      started_at: fields.startedAt,
      completed_at: fields.completedAt,
      duration_seconds: fields.durationSeconds,
      lease_expires_at: null,
    })
      .where('job_id', '=', jobId)
      .where('date', '=', day.date)
      .where('model', '=', day.model)
      .$if(lease !== undefined, (q) => q.where('lease_owner', '=', lease as string))
      .executeTakeFirst();
    if (lease !== undefined && !changed(result)) throw new LeaseLostError({ jobId, ...day });
  }

  async failDay(
    day: { jobId: string; date: string; model: string },
    token: string,
    fields: { error: string; completedAt: string; durationSeconds?: number | null },
  ): Promise<boolean> {
    const result = await moveDays(this.db, ['running', 'failed'], 'failed', {
      error: fields.error,
      completed_at: fields.completedAt,
      ...(fields.durationSeconds !== undefined ? { duration_seconds: fields.durationSeconds } : {}),
      lease_expires_at: null,
    })
      .where('job_id', '=', day.jobId)
      .where('date', '=', day.date)
      .where('model', '=', day.model)
      .where('lease_owner', '=', token)
      // Running under this claim, or failed by this very call's earlier attempt (its acknowledgement
      // lost): anything else, and another worker decides the day.
      .where((eb) =>
        eb.or([
          eb('status', '=', 'running'),
          eb.and([eb('error', '=', fields.error), eb('completed_at', '=', fields.completedAt)]),
        ]),
      )
      .executeTakeFirst();
    return changed(result);
  }

  async failUnclaimed(
    models: readonly string[],
    idleBefore: string,
    now: string,
    error: string,
  ): Promise<string[]> {
    if (models.length === 0) return [];
    const ended: string[] = [];
    for (const jobId of await idleExternalJobs(this.db, models, idleBefore)) {
      // Only days still pending: one a client claims meanwhile runs on.
      const result = await moveDays(this.db, ['pending'], 'failed', { error, completed_at: now })
        .where('job_id', '=', jobId)
        .where('model', 'in', [...models])
        .executeTakeFirst();
      if (changed(result)) ended.push(jobId);
    }
    return ended;
  }

  async renew(tokens: readonly string[], until: string): Promise<Set<string>> {
    const held = new Set<string>();
    const addOwners = (rows: readonly { lease_owner: string | null }[]) => {
      for (const row of rows) if (row.lease_owner) held.add(row.lease_owner);
    };
    if (tokens.length === 0) return held;
    const list = [...tokens];
    const runningHeldBy = (table: 'job_details' | 'jobs', owners: string[]) =>
      this.db
        .selectFrom(table)
        .select('lease_owner')
        .where('lease_owner', 'in', owners)
        .where('status', '=', 'running')
        .execute();
    if (this.kind === 'postgres') {
      // A row locked by an update in flight (the holder's own commit, an operator's lock) is not
      // waited for: it is renewed next time, and still counts as held if the table says so.
      addOwners(
        await this.db
          .updateTable('job_details')
          .set({ lease_expires_at: until })
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('job_details')
              .select('id')
              .where('lease_owner', 'in', list)
              .where('status', '=', 'running')
              .forUpdate()
              .skipLocked(),
          )
          .returning('lease_owner')
          .execute(),
      );
      const unseen = list.filter((token) => !held.has(token));
      if (unseen.length > 0) addOwners(await runningHeldBy('job_details', unseen));
    } else {
      addOwners(
        await this.db
          .updateTable('job_details')
          .set({ lease_expires_at: until })
          .where('lease_owner', 'in', list)
          .where('status', '=', 'running')
          .returning('lease_owner')
          .execute(),
      );
    }
    addOwners(
      await this.db
        .updateTable('jobs')
        .set({ lease_expires_at: until })
        .where('lease_owner', 'in', list)
        .where('status', '=', 'downloading_data')
        .returning('lease_owner')
        .execute(),
    );
    // A preparation that just handed its job on to `running` still holds it until its worker lets go.
    addOwners(await runningHeldBy('jobs', list));
    return held;
  }

  async expire(holders: { tokens?: readonly string[]; workers?: readonly string[] }): Promise<void> {
    const held = heldBy(holders.tokens ?? [], holders.workers ?? []);
    if ((holders.tokens ?? []).length === 0 && (holders.workers ?? []).length === 0) return;
    await this.db
      .updateTable('job_details')
      .set({ lease_expires_at: EXPIRED })
      .where('status', '=', 'running')
      .where(held)
      .execute();
    await this.db
      .updateTable('jobs')
      .set({ lease_expires_at: EXPIRED })
      .where('status', '=', 'downloading_data')
      .where(held)
      .execute();
  }

  async recoverExpired(now: string, keep: readonly string[], warning: string): Promise<string[]> {
    // A look first: this runs on every poll of every worker, and almost always finds nothing.
    if (!(await anyAbandoned(this.db, now, keep))) return [];
    // Under the write lock (an advisory lock on PostgreSQL): two workers recovering at once would
    // otherwise each warn about the same interruption.
    return withWriteLock(this.db, this.kind, async (trx) => {
      const days = await moveDays(trx, ['running'], 'pending', {
        started_at: null,
        lease_owner: null,
        lease_expires_at: null,
      })
        .where(abandonedDay(now, keep))
        .returning('job_id')
        .execute();
      const preparations = await moveJobs(trx, ['downloading_data'], 'pending', {
        lease_owner: null,
        lease_expires_at: null,
        updated_at: now,
      })
        .where(abandonedPreparation(now, keep))
        .returning('job_id')
        .execute();
      const jobs = [...new Set([...days, ...preparations].map((r) => r.job_id))].sort();
      for (const jobId of jobs) await appendWarnings(trx, jobId, [warning], now);
      if (jobs.length > 0) await announceWork(trx, this.kind);
      return jobs;
    });
  }

  async jobsToSettle(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('jobs as j')
      .select('j.job_id')
      .where('j.status', '=', 'running')
      // A cancelled job's pending days will be skipped: only its running ones are left to wait for.
      .where((eb) => noWorkLeft(eb, (day) => day('j.cancel_requested', '=', 0)))
      .orderBy('j.created_at')
      .execute();
    return rows.map((r) => r.job_id);
  }

  settle(jobId: string, now: Date): Promise<Job | undefined> {
    const at = now.toISOString();
    return inWriteTransaction(this.db, this.kind, async (trx) => {
      const job = await readJob(trx, jobId);
      if (!job || job.status !== 'running') return undefined;
      // Skipped before the days are read: on PostgreSQL this waits for a claim of one of them
      // still in flight, whose day then reads as running below, and the job is not ended under it.
      if (job.cancelRequested) {
        await moveDays(trx, ['pending'], 'skipped', { error: CANCELLED_REASON, completed_at: at })
          .where('job_id', '=', jobId)
          .execute();
      }
      const waitFor = job.cancelRequested ? ['running' as const] : UNFINISHED_DETAIL_STATUSES;
      // Asked through the index before all the job's days are read: mostly the answer is "not yet".
      const unfinished = await trx
        .selectFrom('job_details')
        .select('id')
        .where('job_id', '=', jobId)
        .where('status', 'in', [...waitFor])
        .limit(1)
        .executeTakeFirst();
      if (unfinished) return undefined;
      const details = await readDetails(trx, jobId);
      if (details.some((d) => waitFor.includes(d.status))) return undefined;
      const end = jobEnd({ kind: 'settled' }, job, details, now);
      const ended = await moveJobs(trx, ['running'], end.status, endColumns(end))
        .where('job_id', '=', jobId)
        .executeTakeFirst();
      return changed(ended) ? readJob(trx, jobId) : undefined;
    });
  }

  fail(jobId: string, cause: string, now: Date): Promise<boolean> {
    const at = now.toISOString();
    return inWriteTransaction(this.db, this.kind, async (trx) => {
      const job = await readJob(trx, jobId);
      if (!job || isTerminalJobStatus(job.status)) return false;
      // Unstarted days first: a claim in flight then either ran first (its day is failed next) or finds nothing.
      await moveDays(trx, ['pending'], 'skipped', { error: jobFailedError(cause), completed_at: at })
        .where('job_id', '=', jobId)
        .execute();
      await moveDays(trx, ['running'], 'failed', { error: dayFailedError(cause), completed_at: at })
        .where('job_id', '=', jobId)
        .execute();
      const end = jobEnd({ kind: 'failed', cause }, job, await readDetails(trx, jobId), now);
      const ended = await moveJobs(trx, [job.status], end.status, endColumns(end))
        .where('job_id', '=', jobId)
        .executeTakeFirst();
      return changed(ended);
    });
  }

  async cancel(jobId: string, now: Date): Promise<boolean> {
    const at = now.toISOString();
    const asked = await inWriteTransaction(this.db, this.kind, async (trx) => {
      const row = await trx
        .selectFrom('jobs')
        .select('status')
        .where('job_id', '=', jobId)
        // A worker claiming this job's preparation now skips it, or has claimed it already.
        .$if(this.kind === 'postgres', (q) => q.forUpdate())
        .executeTakeFirst();
      if (!row || isTerminalJobStatus(row.status)) return false;
      await trx
        .updateTable('jobs')
        .set({ cancel_requested: 1, updated_at: at })
        .where('job_id', '=', jobId)
        .execute();
      if (row.status === 'pending') {
        // Nobody is running it yet: it ends here, whether or not a worker runs anywhere.
        await moveDays(trx, ['pending'], 'skipped', { error: CANCELLED_REASON, completed_at: at })
          .where('job_id', '=', jobId)
          .execute();
        const end = jobEnd(
          { kind: 'cancelled-before-start' },
          { startedAt: null, cancelRequested: true },
          [],
          now,
        );
        await moveJobs(trx, ['pending'], end.status, endColumns(end)).where('job_id', '=', jobId).execute();
      }
      return true;
    });
    // A worker ends a running job once nothing of it runs: maybe at once.
    if (asked) await announceWork(this.db, this.kind);
    return asked;
  }
}
