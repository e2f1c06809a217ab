/**
 * The reads of the job tables, and the conditions `KyselyJobStore` writes under: plain functions
 * over a Kysely handle (the database or a transaction), so the store, the one writer, stays about
 * its moves.
 */
import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type SqlBool,
} from 'kysely';
import type { DayLane } from '../jobs/day-lanes.js';
import type { DayOutcome } from '../jobs/job-store.js';
import { modelDayKey, type Job, type JobDetail } from '../jobs/job-types.js';
import { ACTIVE_JOB_STATUSES, UNFINISHED_DETAIL_STATUSES, type JobStatus } from '../jobs/lifecycle.js';
import type { MarketId } from '../core/markets/market.js';
import type { Database, JobDetailsTable, JobsTable } from './schema.js';

export function parseList(text: string | null): string[] {
  if (!text) return [];
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.map(String) : [];
}

/** A jobs row as the application sees it. */
function toJob(row: Selectable<JobsTable>): Job {
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

type DetailRow = Pick<
  Selectable<JobDetailsTable>,
  'date' | 'model' | 'status' | 'error' | 'started_at' | 'completed_at' | 'duration_seconds'
>;

const toDetail = (r: DetailRow): JobDetail => ({
  date: r.date,
  model: r.model,
  status: r.status,
  error: r.error,
  startedAt: r.started_at,
  completedAt: r.completed_at,
  durationSeconds: r.duration_seconds,
});

export async function readJob(db: Kysely<Database>, jobId: string): Promise<Job | undefined> {
  const row = await db.selectFrom('jobs').selectAll().where('job_id', '=', jobId).executeTakeFirst();
  return row ? toJob(row) : undefined;
}

export async function readDetails(db: Kysely<Database>, jobId: string): Promise<JobDetail[]> {
  const rows = await db
    .selectFrom('job_details')
    .select(['date', 'model', 'status', 'error', 'started_at', 'completed_at', 'duration_seconds'])
    .where('job_id', '=', jobId)
    .orderBy('date')
    .orderBy('model')
    .execute();
  return rows.map(toDetail);
}

export async function listJobs(
  db: Kysely<Database>,
  options: { limit: number; offset: number; status?: JobStatus },
): Promise<{ jobs: Job[]; total: number }> {
  let query = db.selectFrom('jobs');
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

export async function readActiveJobs(db: Kysely<Database>): Promise<Job[]> {
  const rows = await db
    .selectFrom('jobs')
    .selectAll()
    .where('status', 'in', [...ACTIVE_JOB_STATUSES])
    .orderBy('created_at')
    .execute();
  return rows.map(toJob);
}

export async function readFingerprint(db: Kysely<Database>, jobId: string): Promise<string | undefined> {
  const job = await db
    .selectFrom('jobs')
    .select(['status', 'updated_at', 'cancel_requested', 'warnings', 'error'])
    .where('job_id', '=', jobId)
    .executeTakeFirst();
  if (job === undefined) return undefined;
  const counts = await db
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

export async function readTakenModelDays(
  db: Kysely<Database>,
  market: MarketId,
  models: readonly string[],
  dates: { startDate: string | null; endDate: string },
): Promise<Set<string>> {
  if (models.length === 0) return new Set();
  const rows = await db
    .selectFrom('job_details')
    .innerJoin('jobs', 'jobs.job_id', 'job_details.job_id')
    .select(['job_details.model', 'job_details.date'])
    .where('jobs.status', 'in', [...ACTIVE_JOB_STATUSES])
    .where('jobs.market', '=', market)
    .where('job_details.status', 'in', [...UNFINISHED_DETAIL_STATUSES])
    .where('job_details.model', 'in', [...models])
    .where('job_details.date', '<=', dates.endDate)
    .$if(dates.startDate !== null, (qb) => qb.where('job_details.date', '>=', dates.startDate as string))
    .execute();
  return new Set(rows.map(modelDayKey));
}

export async function readDayOutcomes(
  db: Kysely<Database>,
  jobId: string,
  days: readonly { model: string; date: string }[],
): Promise<Map<string, DayOutcome>> {
  if (days.length === 0) return new Map();
  const wanted = new Set(days.map(modelDayKey));
  const rows = await db
    .selectFrom('trading_days')
    .select(['model', 'date', 'daily_profit', 'daily_return_pct', 'ending_value'])
    .where('job_id', '=', jobId)
    .where('model', 'in', [...new Set(days.map((d) => d.model))])
    .where('date', 'in', [...new Set(days.map((d) => d.date))])
    .execute();
  const outcomes = new Map<string, DayOutcome>();
  for (const row of rows) {
    const key = modelDayKey(row);
    if (!wanted.has(key)) continue;
    outcomes.set(key, {
      profit: row.daily_profit,
      returnPct: row.daily_return_pct,
      portfolioValue: row.ending_value,
    });
  }
  return outcomes;
}

/**
 * What `runnableDays` needs of the active jobs' unfinished days, in one statement: for each job and
 * each of its models, the first pending day, the first running one and the latest lease. Each is an
 * index lookup, so a claim costs the same in a job of ten days as in one of thousands, and one round
 * trip to PostgreSQL whatever the number of models.
 */
export async function readLanes(db: Kysely<Database>, kind: 'sqlite' | 'postgres'): Promise<DayLane[]> {
  // The job's models, one row each: a table-valued function over the JSON list on either dialect.
  const models =
    kind === 'postgres'
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
     where j.status in (${sql.join([...ACTIVE_JOB_STATUSES])})`.execute(db);
  return rows.flatMap((row) => {
    const lane = {
      jobId: row.job_id,
      jobOpen: row.job_status === 'running' && Number(row.cancel_requested) === 0,
      jobCreatedAt: row.created_at,
      model: row.model,
    };
    const lanes: DayLane[] = [];
    if (row.first_pending)
      lanes.push({ ...lane, status: 'pending', firstDate: row.first_pending, leaseUntil: null });
    if (row.first_running)
      lanes.push({ ...lane, status: 'running', firstDate: row.first_running, leaseUntil: row.lease_until });
    return lanes;
  });
}

type WithJob = Database & { j: Database['jobs'] };
type WithJobAndDay = WithJob & { d: Database['job_details'] };

/**
 * True when job `j` has nothing left to run: no day running, and no pending day for which
 * `stillToRun` holds. Settling a job and giving up on unclaimed external days both ask it.
 */
export function noWorkLeft(
  eb: ExpressionBuilder<WithJob, 'j'>,
  stillToRun: (day: ExpressionBuilder<WithJobAndDay, 'j' | 'd'>) => Expression<SqlBool>,
): Expression<SqlBool> {
  return eb.not(
    eb.exists(
      eb
        .selectFrom('job_details as d')
        .select('d.id')
        .whereRef('d.job_id', '=', 'j.job_id')
        .where((day) =>
          day.or([
            day('d.status', '=', 'running'),
            day.and([day('d.status', '=', 'pending'), stillToRun(day)]),
          ]),
        ),
    ),
  );
}

/** Sorts before every real timestamp: a lease set to it has expired. */
export const EXPIRED = '1970-01-01T00:00:00.000Z';

/** Both tables name their lease columns alike; conditions on them work for either. */
type LeaseScope = ExpressionBuilder<Database, 'job_details'> | ExpressionBuilder<Database, 'jobs'>;
type DetailsScope = ExpressionBuilder<Database, 'job_details'>;

/** A lease nobody holds any more: expired, or never set (a day left running by a version without leases). */
const leaseLapsed = (now: string) => (scope: LeaseScope) => {
  const eb = scope as DetailsScope;
  return eb.or([eb('lease_expires_at', '<', now), eb('lease_expires_at', 'is', null)]);
};

/** Leases not among `keep` (the caller's own, which it renews itself). */
const notHeldBy = (keep: readonly string[]) => (scope: LeaseScope) => {
  const eb = scope as DetailsScope;
  if (keep.length === 0) return eb.lit(true);
  return eb.or([eb('lease_owner', 'is', null), eb('lease_owner', 'not in', [...keep])]);
};

/** Leases of these claims, or of any claim of these workers (every token starts `<worker>/`). */
export const heldBy = (tokens: readonly string[], workers: readonly string[]) => (scope: LeaseScope) => {
  const eb = scope as DetailsScope;
  return eb.or([
    ...(tokens.length > 0 ? [eb('lease_owner', 'in', [...tokens])] : []),
    ...workers.map((worker) => eb('lease_owner', 'like', `${worker}/%`)),
  ]);
};

/**
 * A running day whose lease lapsed, held by none of `keep`, of a job still active: work to take back.
 * One condition for the cheap look and the recovery itself, so the look never misses what recovery finds.
 */
export const abandonedDay = (now: string, keep: readonly string[]) => (eb: DetailsScope) =>
  eb.and([
    eb('status', '=', 'running'),
    leaseLapsed(now)(eb),
    notHeldBy(keep)(eb),
    eb(
      'job_id',
      'in',
      eb
        .selectFrom('jobs')
        .select('job_id')
        .where('status', 'in', [...ACTIVE_JOB_STATUSES]),
    ),
  ]);

/** A job's data preparation whose lease lapsed, held by none of `keep`. */
export const abandonedPreparation =
  (now: string, keep: readonly string[]) => (eb: ExpressionBuilder<Database, 'jobs'>) =>
    eb.and([eb('status', '=', 'downloading_data'), leaseLapsed(now)(eb), notHeldBy(keep)(eb)]);

export async function anyAbandoned(
  db: Kysely<Database>,
  now: string,
  keep: readonly string[],
): Promise<boolean> {
  const day = await db
    .selectFrom('job_details')
    .select('id')
    .where(abandonedDay(now, keep))
    .limit(1)
    .executeTakeFirst();
  if (day) return true;
  const job = await db
    .selectFrom('jobs')
    .select('job_id')
    .where(abandonedPreparation(now, keep))
    .limit(1)
    .executeTakeFirst();
  return job !== undefined;
}

export async function readLiveHolders(db: Kysely<Database>, now: string): Promise<string[]> {
  const [days, jobs] = await Promise.all([
    db
      .selectFrom('job_details')
      .select('lease_owner')
      .distinct()
      .where('status', '=', 'running')
      .where('lease_expires_at', '>=', now)
      .execute(),
    db
      .selectFrom('jobs')
      .select('lease_owner')
      .where('status', '=', 'downloading_data')
      .where('lease_expires_at', '>=', now)
      .execute(),
  ]);
  return [...new Set([...days, ...jobs].flatMap((r) => (r.lease_owner ? [r.lease_owner] : [])))];
}

/**
 * The pending days of `models` that `failUnclaimed` may end: in running jobs not cancelled, whose
 * job row and days have not moved since `idleBefore`, and with nothing but these models' days left.
 */
export async function idleExternalJobs(
  db: Kysely<Database>,
  models: readonly string[],
  idleBefore: string,
): Promise<string[]> {
  const waiting = await db
    .selectFrom('jobs as j')
    .select('j.job_id')
    .where('j.status', '=', 'running')
    .where('j.cancel_requested', '=', 0)
    .where('j.updated_at', '<', idleBefore)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('job_details as d')
          .select('d.id')
          .whereRef('d.job_id', '=', 'j.job_id')
          .where('d.status', '=', 'pending')
          .where('d.model', 'in', [...models]),
      ),
    )
    // Nothing but these models' days is left to run.
    .where((eb) => noWorkLeft(eb, (day) => day('d.model', 'not in', [...models])))
    .execute();
  const idle: string[] = [];
  for (const job of waiting) {
    const last = await db
      .selectFrom('job_details')
      .select((eb) => [eb.fn.max('started_at').as('started'), eb.fn.max('completed_at').as('completed')])
      .where('job_id', '=', job.job_id)
      .executeTakeFirst();
    if ((last?.started ?? '') >= idleBefore || (last?.completed ?? '') >= idleBefore) continue;
    idle.push(job.job_id);
  }
  return idle;
}
