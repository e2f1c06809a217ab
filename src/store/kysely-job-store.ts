import type { MarketId } from '../core/markets/market.js';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { JobFieldUpdate, JobStore } from '../jobs/job-store.js';
import { modelDayKey } from '../jobs/job-store.js';
import { LeaseLostError } from '../jobs/job-claims.js';
import {
  ACTIVE_JOB_STATUSES,
  type DetailStatus,
  type Job,
  type JobDetail,
  type JobStatus,
  type NewJob,
  type PlannedModelDay,
} from '../jobs/job-types.js';
import { announceWork } from './postgres-work-signal.js';
import type { Database, JobDetailsTable, JobsTable } from './schema.js';
import { withWriteLock } from './write-lock.js';

const DETAIL_CHUNK = 500;

function parseList(text: string | null): string[] {
  if (!text) return [];
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.map(String) : [];
}

/** A jobs row as the application sees it. */
export function toJob(row: Selectable<JobsTable>): Job {
  return {
    jobId: row.job_id,
    status: row.status,
    market: row.market,
    dateRange: parseList(row.date_range),
    models: parseList(row.models),
    createdAt: row.created_at,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
    totalDurationSeconds: row.total_duration_seconds,
    error: row.error,
    warnings: parseList(row.warnings),
    resumeMode: Boolean(row.resume_mode),
    cancelRequested: Boolean(row.cancel_requested),
  };
}

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

function detailRow(jobId: string, day: PlannedModelDay): Insertable<JobDetailsTable> {
  return {
    job_id: jobId,
    date: day.date,
    model: day.model,
    status: 'pending',
    error: null,
    started_at: null,
    completed_at: null,
    duration_seconds: null,
  };
}

/** The columns an update of these fields sets. */
export function jobColumns(fields: JobFieldUpdate, now: string): Updateable<JobsTable> {
  return {
    updated_at: now,
    ...(fields.status !== undefined ? { status: fields.status } : {}),
    ...(fields.startedAt !== undefined ? { started_at: fields.startedAt } : {}),
    ...(fields.completedAt !== undefined ? { completed_at: fields.completedAt } : {}),
    ...(fields.totalDurationSeconds !== undefined
      ? { total_duration_seconds: fields.totalDurationSeconds }
      : {}),
    ...(fields.error !== undefined ? { error: fields.error } : {}),
  };
}

/**
 * Appends the warnings the job does not have yet, inside the caller's write transaction. A warning
 * already there is not added again: adding is then safe to repeat (a retry after a lost
 * acknowledgement, a resumed job preparing again).
 */
export async function appendWarnings(
  trx: Kysely<Database>,
  jobId: string,
  warnings: readonly string[],
  now: string,
): Promise<void> {
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

export class KyselyJobStore implements JobStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: 'sqlite' | 'postgres',
  ) {}

  createIfSlotFree(job: NewJob, details: readonly PlannedModelDay[], maxActive: number): Promise<boolean> {
    // Compiled before the lock is taken, so the lock is held for the statements alone.
    return withWriteLock(this.db, this.kind, (trx) => this.createIn(trx, job, details, maxActive));
  }

  private async createIn(
    trx: Kysely<Database>,
    job: NewJob,
    details: readonly PlannedModelDay[],
    maxActive: number,
  ): Promise<boolean> {
    const { count } = await trx
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('status', 'in', [...ACTIVE_JOB_STATUSES])
      .executeTakeFirstOrThrow();
    if (Number(count) >= maxActive) return false;
    await trx.insertInto('jobs').values(jobRow(job)).execute();
    for (let i = 0; i < details.length; i += DETAIL_CHUNK) {
      await trx
        .insertInto('job_details')
        .values(details.slice(i, i + DETAIL_CHUNK).map((d) => detailRow(job.jobId, d)))
        .execute();
    }
    await announceWork(trx, this.kind);
    return true;
  }

  async rehearseCreate(job: NewJob, details: readonly PlannedModelDay[]): Promise<void> {
    const rehearsal = new Error('rehearsal: rolled back');
    await withWriteLock(this.db, this.kind, async (trx) => {
      await this.createIn(trx, job, details, Number.POSITIVE_INFINITY);
      throw rehearsal;
    }).catch((error: unknown) => {
      if (error !== rehearsal) throw error;
    });
  }

  async get(jobId: string): Promise<Job | undefined> {
    const row = await this.db.selectFrom('jobs').selectAll().where('job_id', '=', jobId).executeTakeFirst();
    return row ? toJob(row) : undefined;
  }

  async list(options: {
    limit: number;
    offset: number;
    status?: JobStatus;
  }): Promise<{ jobs: Job[]; total: number }> {
    let query = this.db.selectFrom('jobs');
    if (options.status) query = query.where('status', '=', options.status);
    const [rows, totalRow] = await Promise.all([
      query
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('job_id', 'desc')
        .limit(options.limit)
        .offset(options.offset)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { jobs: rows.map(toJob), total: Number(totalRow.total) };
  }

  async fingerprint(jobId: string): Promise<string | undefined> {
    const job = await this.db
      .selectFrom('jobs')
      .select(['status', 'updated_at', 'cancel_requested', 'warnings', 'error'])
      .where('job_id', '=', jobId)
      .executeTakeFirst();
    if (job === undefined) return undefined;
    const counts = await this.db
      .selectFrom('job_details')
      .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
      .where('job_id', '=', jobId)
      .groupBy('status')
      .execute();
    const byStatus = counts.map((c) => `${c.status}:${Number(c.n)}`).sort();
    return [
      job.status,
      job.updated_at,
      job.cancel_requested,
      job.warnings.length,
      job.error ?? '',
      ...byStatus,
    ].join('|');
  }

  async details(jobId: string): Promise<JobDetail[]> {
    const rows = await this.db
      .selectFrom('job_details')
      .selectAll()
      .where('job_id', '=', jobId)
      .orderBy('date')
      .orderBy('model')
      .execute();
    return rows.map((r) => ({
      date: r.date,
      model: r.model,
      status: r.status,
      error: r.error,
      startedAt: r.started_at,
      completedAt: r.completed_at,
      durationSeconds: r.duration_seconds,
    }));
  }

  async activeJobs(): Promise<Job[]> {
    const rows = await this.db
      .selectFrom('jobs')
      .selectAll()
      .where('status', 'in', [...ACTIVE_JOB_STATUSES])
      .orderBy('created_at')
      .execute();
    return rows.map(toJob);
  }

  async update(jobId: string, fields: JobFieldUpdate, now: string): Promise<void> {
    await this.db.updateTable('jobs').set(jobColumns(fields, now)).where('job_id', '=', jobId).execute();
  }

  async closeJob(
    jobId: string,
    fields: JobFieldUpdate,
    now: string,
    from: readonly JobStatus[] = ACTIVE_JOB_STATUSES,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      .set(jobColumns(fields, now))
      .where('job_id', '=', jobId)
      .where('status', 'in', [...from])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  addWarnings(jobId: string, warnings: readonly string[], now: string): Promise<void> {
    if (warnings.length === 0) return Promise.resolve();
    return withWriteLock(this.db, this.kind, (trx) => appendWarnings(trx, jobId, warnings, now));
  }

  async setDetail(
    jobId: string,
    day: PlannedModelDay,
    status: DetailStatus,
    fields: {
      error?: string | null;
      startedAt?: string | null;
      completedAt?: string | null;
      durationSeconds?: number | null;
    },
  ): Promise<void> {
    await this.db
      .updateTable('job_details')
      .set({
        status,
        ...(fields.error !== undefined ? { error: fields.error } : {}),
        ...(fields.startedAt !== undefined ? { started_at: fields.startedAt } : {}),
        ...(fields.completedAt !== undefined ? { completed_at: fields.completedAt } : {}),
        ...(fields.durationSeconds !== undefined ? { duration_seconds: fields.durationSeconds } : {}),
      })
      .where('job_id', '=', jobId)
      .where('date', '=', day.date)
      .where('model', '=', day.model)
      .execute();
  }

  async completeDay(
    jobId: string,
    day: PlannedModelDay,
    fields: { startedAt: string; completedAt: string; durationSeconds: number | null },
    lease?: string,
  ): Promise<void> {
    let query = this.db
      .updateTable('job_details')
      .set({
        status: 'completed',
        error: null,
        started_at: fields.startedAt,
        completed_at: fields.completedAt,
        duration_seconds: fields.durationSeconds,
        lease_expires_at: null,
      })
      .where('job_id', '=', jobId)
      .where('date', '=', day.date)
      .where('model', '=', day.model);
    // Still ours: running under our claim, or completed by our own earlier attempt (a commit whose
    // acknowledgement was lost). Anything else means another worker took the day over.
    if (lease !== undefined)
      query = query.where('lease_owner', '=', lease).where('status', 'in', ['running', 'completed']);
    const result = await query.executeTakeFirst();
    if (lease !== undefined && Number(result.numUpdatedRows) === 0)
      throw new LeaseLostError({ jobId, ...day });
  }

  async skipPending(jobId: string, reason: string, now: string, dates?: readonly string[]): Promise<number> {
    if (dates && dates.length === 0) return 0;
    let query = this.db
      .updateTable('job_details')
      .set({ status: 'skipped', error: reason, completed_at: now })
      .where('job_id', '=', jobId)
      .where('status', '=', 'pending');
    if (dates) query = query.where('date', 'in', [...dates]);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async requestCancel(jobId: string, now: string): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ cancel_requested: 1, updated_at: now })
      .where('job_id', '=', jobId)
      .execute();
    // A worker closes the job once nothing of it runs: maybe at once.
    await announceWork(this.db, this.kind);
  }

  async takenModelDays(
    market: MarketId,
    models: readonly string[],
    dates: { startDate: string | null; endDate: string },
  ): Promise<Set<string>> {
    if (models.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('job_details')
      .innerJoin('jobs', 'jobs.job_id', 'job_details.job_id')
      .select(['job_details.model', 'job_details.date'])
      .where('jobs.status', 'in', [...ACTIVE_JOB_STATUSES])
      .where('jobs.market', '=', market)
      .where('job_details.status', 'in', ['pending', 'running'])
      .where('job_details.model', 'in', [...models])
      .where('job_details.date', '<=', dates.endDate)
      .$if(dates.startDate !== null, (qb) => qb.where('job_details.date', '>=', dates.startDate as string))
      .execute();
    return new Set(rows.map((r) => modelDayKey(r.model, r.date)));
  }
}
