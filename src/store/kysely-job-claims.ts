import type { Kysely } from 'kysely';
import type { ClaimedDay, JobClaims, LeaseTerms, SettleRule } from '../jobs/job-claims.js';
import { ACTIVE_JOB_STATUSES, type Job } from '../jobs/job-types.js';
import { jobColumns, toJob } from './kysely-job-store.js';
import { KyselyLeases } from './kysely-leases.js';
import { announceWork } from './postgres-work-signal.js';
import type { Database } from './schema.js';
import { inWriteTransaction } from './write-lock.js';

const WORKING = ['pending', 'running'] as const;

/**
 * Claims, leases and recovery over the job tables. PostgreSQL claims rows with `FOR UPDATE SKIP
 * LOCKED`, so workers never queue behind each other; SQLite claims under its write lock (`BEGIN
 * IMMEDIATE`, waiting out another process's with the busy timeout). Either way the rule of which
 * model-day may run is one query, evaluated by the database at the moment of the claim.
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

  async claimDay(lease: LeaseTerms, skipJobs: readonly string[] = []): Promise<ClaimedDay | undefined> {
    // A look without the write lock first, as for preparations; the claim below asks again under it.
    if (!(await this.nextRunnableDay(this.db, lease.now, skipJobs, false))) return undefined;
    return inWriteTransaction(this.db, this.kind, async (trx) => {
      const day = await this.nextRunnableDay(trx, lease.now, skipJobs);
      if (!day) return undefined;
      // Re-checked in the update: on PostgreSQL the row may have moved on between the query's
      // snapshot and its lock.
      const claimed = await trx
        .updateTable('job_details')
        .set({
          status: 'running',
          started_at: lease.now,
          error: null,
          lease_owner: lease.token,
          lease_expires_at: lease.until,
        })
        .where('id', '=', day.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return undefined;
      return { jobId: day.job_id, date: day.date, model: day.model, lease: lease.token };
    });
  }

  /** The rule of `JobClaims.claimDay`, as one query. */
  private nextRunnableDay(trx: Kysely<Database>, now: string, skipJobs: readonly string[], lock = true) {
    return trx
      .selectFrom('job_details as d')
      .innerJoin('jobs as j', 'j.job_id', 'd.job_id')
      .select(['d.id', 'd.job_id', 'd.date', 'd.model'])
      .where('j.status', '=', 'running')
      .where('j.cancel_requested', '=', 0)
      .where('d.status', '=', 'pending')
      .$if(skipJobs.length > 0, (q) => q.where('d.job_id', 'not in', [...skipJobs]))
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('job_details as e')
              .select('e.id')
              .whereRef('e.job_id', '=', 'd.job_id')
              .whereRef('e.model', '=', 'd.model')
              .whereRef('e.date', '<', 'd.date')
              .where('e.status', 'in', [...WORKING]),
          ),
        ),
      )
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('job_details as r')
              .select('r.id')
              .whereRef('r.model', '=', 'd.model')
              .where('r.status', '=', 'running')
              .where('r.lease_expires_at', '>=', now),
          ),
        ),
      )
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('job_details as o')
              .innerJoin('jobs as oj', 'oj.job_id', 'o.job_id')
              .select('o.id')
              .whereRef('o.model', '=', 'd.model')
              .where('o.status', 'in', [...WORKING])
              .where('oj.status', 'in', [...ACTIVE_JOB_STATUSES])
              .where((older) =>
                older.or([
                  older('oj.created_at', '<', older.ref('j.created_at')),
                  older.and([
                    older('oj.created_at', '=', older.ref('j.created_at')),
                    older('oj.job_id', '<', older.ref('j.job_id')),
                  ]),
                ]),
              ),
          ),
        ),
      )
      .orderBy('j.created_at')
      .orderBy('j.job_id')
      .orderBy('d.date')
      .orderBy('d.model')
      .limit(1)
      .$if(lock && this.kind === 'postgres', (q) => q.forUpdate('d').skipLocked())
      .executeTakeFirst();
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

  async settledJobs(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('jobs as j')
      .select('j.job_id')
      .where('j.status', '=', 'running')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('job_details as d')
              .select('d.id')
              .whereRef('d.job_id', '=', 'j.job_id')
              .where((w) =>
                w.or([
                  w('d.status', '=', 'running'),
                  w.and([w('d.status', '=', 'pending'), w('j.cancel_requested', '=', 0)]),
                ]),
              ),
          ),
        ),
      )
      .orderBy('j.created_at')
      .execute();
    return rows.map((r) => r.job_id);
  }
}
