import { sql, type Kysely } from 'kysely';
import { type DayLane, type RunnableDay, runnableDays } from '../jobs/day-lanes.js';
import type { ClaimedDay, DayScope, JobClaims, LeaseTerms, SettleRule } from '../jobs/job-claims.js';
import { ACTIVE_JOB_STATUSES, type Job } from '../jobs/job-types.js';
import { jobColumns, toJob } from './kysely-job-store.js';
import { noWorkLeft } from './job-work-left.js';
import { KyselyLeases } from './kysely-leases.js';
import { failUnclaimedDays } from './kysely-unclaimed-days.js';
import { announceWork } from './postgres-work-signal.js';
import type { Database } from './schema.js';
import { inWriteTransaction } from './write-lock.js';

const WORKING = ['pending', 'running'] as const;

/**
 * Claims, leases and recovery over the job tables. PostgreSQL claims rows with `FOR UPDATE SKIP
 * LOCKED`, so workers never queue behind each other; SQLite claims under its write lock (`BEGIN
 * IMMEDIATE`, waiting out another process's with the busy timeout). Either way the rule of which
 * model-day may run (`runnableDays`) is applied to the active jobs' days as read inside the claim's
 * transaction.
 */
export class KyselyJobClaims implements JobClaims {
  readonly #leases: KyselyLeases;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: 'sqlite' | 'postgres',
  ) {
    this.#leases = new KyselyLeases(db, kind);
  }

  renew(tokens: readonly string[], until: string): Promise<Set<string>> {
    return this.#leases.renew(tokens, until);
  }

  expire(holders: { tokens?: readonly string[]; workers?: readonly string[] }): Promise<void> {
    return this.#leases.expire(holders);
  }

  liveHolders(now: string): Promise<string[]> {
    return this.#leases.liveHolders(now);
  }

  recoverExpired(now: string, keep: readonly string[], warning: string): Promise<string[]> {
    return this.#leases.recoverExpired(now, keep, warning);
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
      await trx
        .updateTable('jobs')
        .set({
          status: 'downloading_data',
          lease_owner: lease.token,
          lease_expires_at: lease.until,
          updated_at: lease.now,
          // The first claim only: a resumed job keeps its original start.
          started_at: next.started_at ?? lease.now,
        })
        .where('job_id', '=', next.job_id)
        .execute();
      return toJob(
        await trx.selectFrom('jobs').selectAll().where('job_id', '=', next.job_id).executeTakeFirstOrThrow(),
      );
    });
  }

  async startRunning(jobId: string, token: string, now: string): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      // The owner stays, so a retry after a lost acknowledgement still finds its own change.
      .set({ status: 'running', lease_expires_at: null, updated_at: now })
      .where('job_id', '=', jobId)
      .where('status', 'in', ['downloading_data', 'running'])
      .where('lease_owner', '=', token)
      .executeTakeFirst();
    const started = Number(result.numUpdatedRows) === 1;
    // Its model-days are anyone's now.
    if (started) await announceWork(this.db, this.kind);
    return started;
  }

  async claimDay(lease: LeaseTerms, scope: DayScope = {}): Promise<ClaimedDay | undefined> {
    // A look without the write lock first, as for preparations; the claim below asks again under it.
    if (runnableDays(await this.lanes(this.db), lease.now, scope).length === 0) return undefined;
    return inWriteTransaction(this.db, this.kind, async (trx) => {
      for (const day of runnableDays(await this.lanes(trx), lease.now, scope)) {
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
        if (this.kind === 'postgres' && !(await this.stillRunnable(trx, day, row.id, lease.now))) continue;
        // Re-checked in the update: on PostgreSQL the row may have moved on since the lanes were read.
        const claimed = await trx
          .updateTable('job_details')
          .set({
            status: 'running',
            started_at: lease.now,
            error: null,
            lease_owner: lease.token,
            lease_expires_at: lease.until,
          })
          .where('id', '=', row.id)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) === 1)
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
  private async stillRunnable(trx: Kysely<Database>, day: RunnableDay, id: number, now: string) {
    const conflict = await trx
      .selectFrom('job_details')
      .select('id')
      .where('id', '!=', id)
      .where('model', '=', day.model)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '>=', now)]),
          eb.and([eb('job_id', '=', day.jobId), eb('date', '<', day.date), eb('status', 'in', [...WORKING])]),
        ]),
      )
      .limit(1)
      .executeTakeFirst();
    return conflict === undefined;
  }

  /**
   * What `runnableDays` needs of the active jobs' unfinished days, in one statement: for each job and
   * each of its models, the first pending day, the first running one and the latest lease. Each is an
   * index lookup, so a claim costs the same in a job of ten days as in one of thousands, and one round
   * trip to PostgreSQL whatever the number of models.
   */
  private async lanes(trx: Kysely<Database>): Promise<DayLane[]> {
    // The job's models, one row each: a table-valued function over the JSON list on either dialect.
    const models =
      this.kind === 'postgres'
        ? sql`cross join lateral jsonb_array_elements_text(j.models::jsonb) as m(value)`
        : sql`join json_each(j.models) as m`;
    const ofModelDays = (
      status: 'pending' | 'running',
      aggregate: 'min' | 'max',
      column: 'date' | 'lease_expires_at',
    ) =>
      sql`(select ${sql.raw(aggregate)}(d.${sql.ref(column)}) from job_details d
            where d.job_id = j.job_id and d.status = ${status} and d.model = m.value)`;
    const { rows } = await sql<{
      job_id: string;
      job_status: string;
      cancel_requested: number | string;
      created_at: string;
      model: string;
      first_pending: string | null;
      first_running: string | null;
      lease_until: string | null;
    }>`select j.job_id, j.status as job_status, j.cancel_requested, j.created_at, m.value as model,
         ${ofModelDays('pending', 'min', 'date')} as first_pending,
         ${ofModelDays('running', 'min', 'date')} as first_running,
         ${ofModelDays('running', 'max', 'lease_expires_at')} as lease_until
       from jobs j ${models}
       where j.status in (${sql.join([...ACTIVE_JOB_STATUSES])})`.execute(trx);
    return rows.flatMap((row) => {
      const lane = {
        jobId: row.job_id,
        jobOpen: row.job_status === 'running' && Number(row.cancel_requested) === 0,
        jobCreatedAt: row.created_at,
        model: row.model,
      };
      return [
        ...(row.first_pending
          ? [{ ...lane, status: 'pending' as const, firstDate: row.first_pending, leaseUntil: null }]
          : []),
        ...(row.first_running
          ? [
              {
                ...lane,
                status: 'running' as const,
                firstDate: row.first_running,
                leaseUntil: row.lease_until,
              },
            ]
          : []),
      ];
    });
  }

  async failDay(
    day: { jobId: string; date: string; model: string },
    token: string,
    fields: { error: string; completedAt: string; durationSeconds?: number | null },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('job_details')
      .set({
        status: 'failed',
        error: fields.error,
        completed_at: fields.completedAt,
        ...(fields.durationSeconds !== undefined ? { duration_seconds: fields.durationSeconds } : {}),
        lease_expires_at: null,
      })
      .where('job_id', '=', day.jobId)
      .where('date', '=', day.date)
      .where('model', '=', day.model)
      .where('lease_owner', '=', token)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  closeWhenSettled(jobId: string, rule: SettleRule): Promise<Job | undefined> {
    return inWriteTransaction(this.db, this.kind, async (trx) => {
      const job = await trx.selectFrom('jobs').selectAll().where('job_id', '=', jobId).executeTakeFirst();
      if (!job || job.status !== 'running') return undefined;
      const cancelled = Boolean(job.cancel_requested);
      // Skipped before the details are read: on PostgreSQL this waits for a claim of one of them
      // still in flight, whose day then reads as running below, and the job is not closed under it.
      if (cancelled) {
        await trx
          .updateTable('job_details')
          .set({ status: 'skipped', error: rule.cancelledReason, completed_at: rule.now })
          .where('job_id', '=', jobId)
          .where('status', '=', 'pending')
          .execute();
      }
      // Asked through the index before all the job's days are read: mostly the answer is "not yet".
      const unfinished = await trx
        .selectFrom('job_details')
        .select('id')
        .where('job_id', '=', jobId)
        .where('status', 'in', cancelled ? ['running'] : [...WORKING])
        .limit(1)
        .executeTakeFirst();
      if (unfinished) return undefined;
      const details = await trx
        .selectFrom('job_details')
        .select(['date', 'model', 'status', 'error', 'started_at', 'completed_at', 'duration_seconds'])
        .where('job_id', '=', jobId)
        .orderBy('date')
        .orderBy('model')
        .execute();
      if (details.some((d) => d.status === 'running' || (!cancelled && d.status === 'pending')))
        return undefined;
      const fields = rule.close(
        toJob(job),
        details.map((d) => ({
          date: d.date,
          model: d.model,
          status: d.status,
          error: d.error,
          startedAt: d.started_at,
          completedAt: d.completed_at,
          durationSeconds: d.duration_seconds,
        })),
      );
      const closed = await trx
        .updateTable('jobs')
        .set(jobColumns(fields, rule.now))
        .where('job_id', '=', jobId)
        .where('status', '=', 'running')
        .executeTakeFirst();
      if (Number(closed.numUpdatedRows) !== 1) return undefined;
      return toJob(
        await trx.selectFrom('jobs').selectAll().where('job_id', '=', jobId).executeTakeFirstOrThrow(),
      );
    });
  }

  failUnclaimed(
    models: readonly string[],
    idleBefore: string,
    now: string,
    error: string,
  ): Promise<string[]> {
    return failUnclaimedDays(this.db, models, idleBefore, now, error);
  }

  async settledJobs(): Promise<string[]> {
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
}
