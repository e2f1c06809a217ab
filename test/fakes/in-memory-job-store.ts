/**
 * A `JobStore` in memory, for unit tests of what drives the store (the scheduler, the MCP arena).
 * It keeps the real rules rather than its own: which day may run comes from `runnableDays`, every
 * status it writes passes `assertMove`, and a job's end is `jobEnd`'s. Each method does its reads
 * and writes without awaiting in between, so each is atomic as the database's are. The reads only
 * the HTTP API needs are left out: a test that reaches one has gone past what this fake is for.
 */
import { runnableDays, type DayLane } from '../../src/jobs/day-lanes.js';
import { until } from '../helpers/until.js';
import {
  LeaseLostError,
  type ClaimedDay,
  type DayOutcome,
  type DayScope,
  type JobStore,
  type LeaseTerms,
} from '../../src/jobs/job-store.js';
import type { Job, JobDetail, NewJob, PlannedModelDay } from '../../src/jobs/job-types.js';
import {
  ACTIVE_JOB_STATUSES,
  CANCELLED_REASON,
  DETAIL_MOVES,
  JOB_MOVES,
  assertMove,
  dayFailedError,
  isTerminalJobStatus,
  jobEnd,
  jobFailedError,
  type DetailStatus,
  type JobEnd,
  type JobStatus,
} from '../../src/jobs/lifecycle.js';

/** Sorts before every real timestamp: a lease set to it has expired (as in the Kysely store). */
const EXPIRED = '1970-01-01T00:00:00.000Z';

interface Lease {
  owner: string | null;
  until: string | null;
}
type JobRow = Job & { lease: Lease };
type DayRow = JobDetail & { jobId: string; lease: Lease };

const noLease = (): Lease => ({ owner: null, until: null });
const heldBy = (lease: Lease, tokens: readonly string[], workers: readonly string[]): boolean =>
  lease.owner !== null &&
  (tokens.includes(lease.owner) || workers.some((worker) => lease.owner!.startsWith(`${worker}/`)));
const lapsed = (lease: Lease, now: string): boolean => lease.until === null || lease.until < now;

export class InMemoryJobStore implements JobStore {
  readonly #jobs = new Map<string, JobRow>();
  readonly #days: DayRow[] = [];

  async createIfSlotFree(job: NewJob, details: readonly PlannedModelDay[], maxActive: number) {
    const active = [...this.#jobs.values()].filter((j) => ACTIVE_JOB_STATUSES.includes(j.status));
    if (active.length >= maxActive) return false;
    this.#jobs.set(job.jobId, {
      jobId: job.jobId,
      status: 'pending',
      market: job.market,
      dateRange: [...job.dateRange],
      models: [...job.models],
      createdAt: job.createdAt,
      startedAt: null,
      updatedAt: job.createdAt,
      completedAt: null,
      totalDurationSeconds: null,
      error: null,
      warnings: [...job.warnings],
      resumeMode: job.resumeMode,
      cancelRequested: false,
      lease: noLease(),
    });
    for (const d of details) {
      this.#days.push({
        jobId: job.jobId,
        date: d.date,
        model: d.model,
        status: 'pending',
        error: null,
        startedAt: null,
        completedAt: null,
        durationSeconds: null,
        lease: noLease(),
      });
    }
    return true;
  }

  async get(jobId: string): Promise<Job | undefined> {
    return this.#job(jobId);
  }

  async details(jobId: string): Promise<JobDetail[]> {
    return this.#daysOf(jobId)
      .sort((a, b) => a.date.localeCompare(b.date) || a.model.localeCompare(b.model))
      .map(({ jobId: _job, lease: _lease, ...detail }) => ({ ...detail }));
  }

  async activeJobs(): Promise<Job[]> {
    return [...this.#jobs.values()]
      .filter((j) => ACTIVE_JOB_STATUSES.includes(j.status))
      .map((j) => this.#job(j.jobId)!);
  }

  /** Who holds the lease on a model-day now, and until when: what the tests check of leases. */
  leaseOf(jobId: string, model: string, date: string): Lease | undefined {
    const day = this.#days.find((d) => d.jobId === jobId && d.model === model && d.date === date);
    return day && { ...day.lease };
  }

  async claimPreparation(lease: LeaseTerms): Promise<Job | undefined> {
    const next = [...this.#jobs.values()]
      .filter((j) => j.status === 'pending')
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.jobId.localeCompare(b.jobId))[0];
    if (!next) return undefined;
    this.#moveJob(next, 'downloading_data', lease.now);
    next.lease = { owner: lease.token, until: lease.until };
    next.startedAt ??= lease.now;
    return this.#job(next.jobId);
  }

  async startRunning(jobId: string, token: string, now: string): Promise<boolean> {
    const job = this.#jobs.get(jobId);
    if (!job || !['downloading_data', 'running'].includes(job.status) || job.lease.owner !== token)
      return false;
    this.#moveJob(job, 'running', now);
    job.lease.until = null;
    return true;
  }

  async addWarnings(jobId: string, warnings: readonly string[], now: string): Promise<void> {
    const job = this.#jobs.get(jobId);
    if (!job || warnings.length === 0) return;
    for (const w of warnings) if (!job.warnings.includes(w)) job.warnings.push(w);
    job.updatedAt = now;
  }

  async skipPending(jobId: string, reason: string, now: string, dates?: readonly string[]) {
    const days = this.#daysOf(jobId, ['pending']).filter((d) => !dates || dates.includes(d.date));
    for (const day of days) this.#moveDay(day, 'skipped', { error: reason, completedAt: now });
    return days.length;
  }

  async claimDay(lease: LeaseTerms, scope: DayScope = {}): Promise<ClaimedDay | undefined> {
    const next = runnableDays(this.#lanes(), lease.now, scope)[0];
    if (!next) return undefined;
    const day = this.#daysOf(next.jobId, ['pending']).find(
      (d) => d.model === next.model && d.date === next.date,
    )!;
    this.#moveDay(day, 'running', { startedAt: lease.now, error: null });
    day.lease = { owner: lease.token, until: lease.until };
    return { jobId: next.jobId, date: next.date, model: next.model, lease: lease.token };
  }

  async completeDay(
    jobId: string,
    day: PlannedModelDay,
    fields: { startedAt: string; completedAt: string; durationSeconds: number | null },
    lease?: string,
  ): Promise<void> {
    const row = this.#daysOf(jobId, ['running', 'completed']).find(
      (d) => d.model === day.model && d.date === day.date && (lease === undefined || d.lease.owner === lease),
    );
    if (!row) {
      if (lease !== undefined) throw new LeaseLostError({ jobId, ...day });
      return;
    }
    this.#moveDay(row, 'completed', { ...fields, error: null });
    row.lease.until = null;
  }

  async failDay(
    day: { jobId: string; date: string; model: string },
    token: string,
    fields: { error: string; completedAt: string; durationSeconds?: number | null },
  ): Promise<boolean> {
    const row = this.#daysOf(day.jobId, ['running']).find(
      (d) => d.model === day.model && d.date === day.date && d.lease.owner === token,
    );
    if (!row) return false;
    this.#moveDay(row, 'failed', { ...fields });
    row.lease.until = null;
    return true;
  }

  async failUnclaimed(models: readonly string[], idleBefore: string, now: string, error: string) {
    const ended: string[] = [];
    for (const job of this.#jobs.values()) {
      if (job.status !== 'running' || job.cancelRequested || job.updatedAt >= idleBefore) continue;
      const days = this.#daysOf(job.jobId);
      const waiting = days.filter((d) => d.status === 'pending' && models.includes(d.model));
      const otherWork = days.some(
        (d) => d.status === 'running' || (d.status === 'pending' && !models.includes(d.model)),
      );
      const touched = days.some(
        (d) => (d.startedAt ?? '') >= idleBefore || (d.completedAt ?? '') >= idleBefore,
      );
      if (waiting.length === 0 || otherWork || touched) continue;
      for (const day of waiting) this.#moveDay(day, 'failed', { error, completedAt: now });
      ended.push(job.jobId);
    }
    return ended;
  }

  async renew(tokens: readonly string[], until: string): Promise<Set<string>> {
    const held = new Set<string>();
    for (const day of this.#days) {
      if (day.status !== 'running' || !heldBy(day.lease, tokens, [])) continue;
      day.lease.until = until;
      held.add(day.lease.owner!);
    }
    for (const job of this.#jobs.values()) {
      if (!heldBy(job.lease, tokens, [])) continue;
      if (job.status === 'downloading_data') job.lease.until = until;
      // A preparation that just handed its job on to `running` holds it until its worker lets go.
      if (job.status === 'downloading_data' || job.status === 'running') held.add(job.lease.owner!);
    }
    return held;
  }

  async expire(holders: { tokens?: readonly string[]; workers?: readonly string[] }): Promise<void> {
    const tokens = holders.tokens ?? [];
    const workers = holders.workers ?? [];
    for (const day of this.#days)
      if (day.status === 'running' && heldBy(day.lease, tokens, workers)) day.lease.until = EXPIRED;
    for (const job of this.#jobs.values())
      if (job.status === 'downloading_data' && heldBy(job.lease, tokens, workers)) job.lease.until = EXPIRED;
  }

  async liveHolders(now: string): Promise<string[]> {
    const live = (row: { lease: Lease }) => row.lease.owner !== null && !lapsed(row.lease, now);
    const days = this.#days.filter((d) => d.status === 'running' && live(d));
    const jobs = [...this.#jobs.values()].filter((j) => j.status === 'downloading_data' && live(j));
    return [...new Set([...days, ...jobs].map((row) => row.lease.owner!))];
  }

  async recoverExpired(now: string, keep: readonly string[], warning: string): Promise<string[]> {
    const abandoned = (lease: Lease) => lapsed(lease, now) && !heldBy(lease, keep, []);
    const resumed = new Set<string>();
    for (const day of this.#days) {
      const job = this.#jobs.get(day.jobId)!;
      if (day.status !== 'running' || !abandoned(day.lease) || isTerminalJobStatus(job.status)) continue;
      this.#moveDay(day, 'pending', { startedAt: null });
      day.lease = noLease();
      resumed.add(day.jobId);
    }
    for (const job of this.#jobs.values()) {
      if (job.status !== 'downloading_data' || !abandoned(job.lease)) continue;
      this.#moveJob(job, 'pending', now);
      job.lease = noLease();
      resumed.add(job.jobId);
    }
    const jobs = [...resumed].sort();
    for (const jobId of jobs) await this.addWarnings(jobId, [warning], now);
    return jobs;
  }

  async jobsToSettle(): Promise<string[]> {
    return [...this.#jobs.values()]
      .filter((j) => j.status === 'running' && this.#settleable(j))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((j) => j.jobId);
  }

  async settle(jobId: string, now: Date): Promise<Job | undefined> {
    const job = this.#jobs.get(jobId);
    if (!job || job.status !== 'running') return undefined;
    if (job.cancelRequested) await this.skipPending(jobId, CANCELLED_REASON, now.toISOString());
    if (!this.#settleable(job)) return undefined;
    this.#end(job, jobEnd({ kind: 'settled' }, job, this.#daysOf(jobId), now));
    return this.#job(jobId);
  }

  async fail(jobId: string, cause: string, now: Date): Promise<boolean> {
    const job = this.#jobs.get(jobId);
    if (!job || isTerminalJobStatus(job.status)) return false;
    const at = now.toISOString();
    for (const day of this.#daysOf(jobId, ['pending']))
      this.#moveDay(day, 'skipped', { error: jobFailedError(cause), completedAt: at });
    for (const day of this.#daysOf(jobId, ['running']))
      this.#moveDay(day, 'failed', { error: dayFailedError(cause), completedAt: at });
    this.#end(job, jobEnd({ kind: 'failed', cause }, job, this.#daysOf(jobId), now));
    return true;
  }

  async cancel(jobId: string, now: Date): Promise<boolean> {
    const job = this.#jobs.get(jobId);
    if (!job || isTerminalJobStatus(job.status)) return false;
    job.cancelRequested = true;
    job.updatedAt = now.toISOString();
    if (job.status === 'pending') {
      await this.skipPending(jobId, CANCELLED_REASON, job.updatedAt);
      const end = jobEnd(
        { kind: 'cancelled-before-start' },
        { startedAt: null, cancelRequested: true },
        [],
        now,
      );
      this.#end(job, end);
    }
    return true;
  }

  rehearseCreate(): Promise<void> {
    return this.#unsupported('rehearseCreate');
  }
  list(): Promise<{ jobs: Job[]; total: number }> {
    return this.#unsupported('list');
  }
  fingerprint(): Promise<string | undefined> {
    return this.#unsupported('fingerprint');
  }
  takenModelDays(): Promise<Set<string>> {
    return this.#unsupported('takenModelDays');
  }
  dayOutcomes(): Promise<Map<string, DayOutcome>> {
    return this.#unsupported('dayOutcomes');
  }

  #unsupported(method: string): Promise<never> {
    return Promise.reject(new Error(`InMemoryJobStore.${method} is not implemented: no unit test needs it`));
  }

  #job(jobId: string): Job | undefined {
    const row = this.#jobs.get(jobId);
    if (!row) return undefined;
    const { lease: _lease, ...job } = row;
    return structuredClone(job);
  }

  #daysOf(jobId: string, statuses?: readonly DetailStatus[]): DayRow[] {
    return this.#days.filter((d) => d.jobId === jobId && (!statuses || statuses.includes(d.status)));
  }

  /** No day running, and none pending unless the job was cancelled (those are skipped when it ends). */
  #settleable(job: JobRow): boolean {
    const waitFor: DetailStatus[] = job.cancelRequested ? ['running'] : ['pending', 'running'];
    return this.#daysOf(job.jobId, waitFor).length === 0;
  }

  /** What `runnableDays` reads: per active job and model, its first pending and first running day. */
  #lanes(): DayLane[] {
    const lanes: DayLane[] = [];
    for (const job of this.#jobs.values()) {
      if (!ACTIVE_JOB_STATUSES.includes(job.status)) continue;
      const lane = {
        jobId: job.jobId,
        jobOpen: job.status === 'running' && !job.cancelRequested,
        jobCreatedAt: job.createdAt,
      };
      for (const model of job.models) {
        const ofModel = this.#daysOf(job.jobId).filter((d) => d.model === model);
        const first = (status: DetailStatus) =>
          ofModel.filter((d) => d.status === status).sort((a, b) => a.date.localeCompare(b.date))[0];
        const pending = first('pending');
        const running = first('running');
        if (pending)
          lanes.push({ ...lane, model, status: 'pending', firstDate: pending.date, leaseUntil: null });
        if (running) {
          const leases = ofModel.filter((d) => d.status === 'running').map((d) => d.lease.until ?? '');
          const latest = leases.sort().at(-1) || null;
          lanes.push({ ...lane, model, status: 'running', firstDate: running.date, leaseUntil: latest });
        }
      }
    }
    return lanes;
  }

  #moveJob(job: JobRow, to: JobStatus, now: string): void {
    assertMove('job', JOB_MOVES, [job.status], to);
    job.status = to;
    job.updatedAt = now;
  }

  #moveDay(day: DayRow, to: DetailStatus, fields: Partial<JobDetail>): void {
    assertMove('model-day', DETAIL_MOVES, [day.status], to);
    Object.assign(day, fields, { status: to });
  }

  #end(job: JobRow, end: JobEnd): void {
    this.#moveJob(job, end.status, end.completedAt);
    job.error = end.error;
    job.completedAt = end.completedAt;
    job.totalDurationSeconds = end.totalDurationSeconds;
  }
}

/** The job once it has ended (the fake store answers at once, so a short poll is enough). */
export const jobEnded = (store: InMemoryJobStore, jobId: string): Promise<Job> =>
  until(
    `job ${jobId} to end`,
    async () => {
      const job = await store.get(jobId);
      return job && isTerminalJobStatus(job.status) ? job : undefined;
    },
    10_000,
    5,
  );

/** One model-day of the job as the store has it now. */
export const detailOf = async (store: InMemoryJobStore, jobId: string, model: string, date: string) =>
  (await store.details(jobId)).find((d) => d.model === model && d.date === date);
