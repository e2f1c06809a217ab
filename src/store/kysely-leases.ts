import type { ExpressionBuilder, Kysely } from 'kysely';
import type { JobClaims } from '../jobs/job-claims.js';
import { ACTIVE_JOB_STATUSES } from '../jobs/job-types.js';
import { appendWarnings } from './kysely-job-store.js';
import { announceWork } from './postgres-work-signal.js';
import type { Database } from './schema.js';
import { withWriteLock } from './write-lock.js';

/** Sorts before every real timestamp: a lease set to it has expired. */
const EXPIRED = '1970-01-01T00:00:00.000Z';

/** Every claim token of a worker starts with its id and a slash (see `WorkerIdentity`). */
const claimsOf = (worker: string): string => `${worker}/%`;

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

const heldBy = (tokens: readonly string[], workers: readonly string[]) => (scope: LeaseScope) => {
  const eb = scope as DetailsScope;
  return eb.or([
    ...(tokens.length > 0 ? [eb('lease_owner', 'in', [...tokens])] : []),
    ...workers.map((worker) => eb('lease_owner', 'like', claimsOf(worker))),
  ]);
};

/**
 * A running day whose lease lapsed, held by none of `keep`, of a job still active: work to take back.
 * One condition for the cheap look and the recovery itself, so the look never misses what recovery finds.
 */
const abandonedDay = (now: string, keep: readonly string[]) => (eb: DetailsScope) =>
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
const abandonedPreparation =
  (now: string, keep: readonly string[]) => (eb: ExpressionBuilder<Database, 'jobs'>) =>
    eb.and([eb('status', '=', 'downloading_data'), leaseLapsed(now)(eb), notHeldBy(keep)(eb)]);

/** A row's lease holder; null once the lease is let go. */
interface Owned {
  lease_owner: string | null;
}

const addOwners = (held: Set<string>, rows: readonly Owned[]): void => {
  for (const row of rows) if (row.lease_owner) held.add(row.lease_owner);
};

/**
 * The upkeep of the leases on the job tables: renewing them, letting them expire, naming their
 * holders, and taking back the work of those that lapsed. Half of `KyselyJobClaims`.
 */
export class KyselyLeases implements Pick<JobClaims, 'renew' | 'expire' | 'liveHolders' | 'recoverExpired'> {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: 'sqlite' | 'postgres',
  ) {}

  async renew(tokens: readonly string[], until: string): Promise<Set<string>> {
    const held = new Set<string>();
    if (tokens.length === 0) return held;
    const list = [...tokens];
    if (this.kind === 'postgres') {
      // A row locked by an update in flight (the holder's own commit, an operator's lock) is not
      // waited for: it is renewed next time, and still counts as held if the table says so.
      const renewed = await this.db
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
        .execute();
      addOwners(held, renewed);
      const unseen = list.filter((token) => !held.has(token));
      if (unseen.length > 0) addOwners(held, await this.runningHeldBy('job_details', unseen));
    } else {
      addOwners(held, await this.extend('job_details', 'running', list, until));
    }
    addOwners(held, await this.extend('jobs', 'downloading_data', list, until));
    // A preparation that just handed its job on to `running` still holds it until its worker lets go.
    addOwners(held, await this.runningHeldBy('jobs', list));
    return held;
  }

  async expire(holders: { tokens?: readonly string[]; workers?: readonly string[] }): Promise<void> {
    const tokens = holders.tokens ?? [];
    const workers = holders.workers ?? [];
    if (tokens.length === 0 && workers.length === 0) return;
    await this.db
      .updateTable('job_details')
      .set({ lease_expires_at: EXPIRED })
      .where('status', '=', 'running')
      .where(heldBy(tokens, workers))
      .execute();
    await this.db
      .updateTable('jobs')
      .set({ lease_expires_at: EXPIRED })
      .where('status', '=', 'downloading_data')
      .where(heldBy(tokens, workers))
      .execute();
  }

  async liveHolders(now: string): Promise<string[]> {
    const [days, jobs] = await Promise.all([
      this.db
        .selectFrom('job_details')
        .select('lease_owner')
        .distinct()
        .where('status', '=', 'running')
        .where('lease_expires_at', '>=', now)
        .execute(),
      this.db
        .selectFrom('jobs')
        .select('lease_owner')
        .where('status', '=', 'downloading_data')
        .where('lease_expires_at', '>=', now)
        .execute(),
    ]);
    return [...new Set([...days, ...jobs].flatMap((r) => (r.lease_owner ? [r.lease_owner] : [])))];
  }

  async recoverExpired(now: string, keep: readonly string[], warning: string): Promise<string[]> {
    // A look first: this runs on every poll of every worker, and almost always finds nothing.
    if (!(await this.anyExpired(now, keep))) return [];
    // Under the write lock (an advisory lock on PostgreSQL): two workers recovering at once would
    // otherwise each warn about the same interruption.
    return withWriteLock(this.db, this.kind, async (trx) => {
      const days = await trx
        .updateTable('job_details')
        .set({ status: 'pending', started_at: null, lease_owner: null, lease_expires_at: null })
        .where(abandonedDay(now, keep))
        .returning('job_id')
        .execute();
      const preparations = await trx
        .updateTable('jobs')
        .set({ status: 'pending', lease_owner: null, lease_expires_at: null, updated_at: now })
        .where(abandonedPreparation(now, keep))
        .returning('job_id')
        .execute();
      const jobs = [...new Set([...days, ...preparations].map((r) => r.job_id))].sort();
      for (const jobId of jobs) await appendWarnings(trx, jobId, [warning], now);
      if (jobs.length > 0) await announceWork(trx, this.kind);
      return jobs;
    });
  }

  /** Moves to `until` the leases among `tokens` on rows of `table` in `status`; returns their owners. */
  private extend(
    table: 'job_details' | 'jobs',
    status: 'running' | 'downloading_data',
    tokens: string[],
    until: string,
  ): Promise<Owned[]> {
    return this.db
      .updateTable(table)
      .set({ lease_expires_at: until })
      .where('lease_owner', 'in', tokens)
      .where('status', '=', status)
      .returning('lease_owner')
      .execute();
  }

  /** The rows of `table` still running under one of `tokens`, renewed or not. */
  private runningHeldBy(table: 'job_details' | 'jobs', tokens: string[]): Promise<Owned[]> {
    return this.db
      .selectFrom(table)
      .select('lease_owner')
      .where('lease_owner', 'in', tokens)
      .where('status', '=', 'running')
      .execute();
  }

  private async anyExpired(now: string, keep: readonly string[]): Promise<boolean> {
    const day = await this.db
      .selectFrom('job_details')
      .select('id')
      .where(abandonedDay(now, keep))
      .limit(1)
      .executeTakeFirst();
    if (day) return true;
    const job = await this.db
      .selectFrom('jobs')
      .select('job_id')
      .where(abandonedPreparation(now, keep))
      .limit(1)
      .executeTakeFirst();
    return job !== undefined;
  }
}
