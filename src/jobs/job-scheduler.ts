import type { Logger } from 'pino';
import { externalModels } from '../config/app-config.js';
import { JobBooks, runClaimedDay, settleJob, type DayEnd } from './claimed-day.js';
import { runPreparation } from './job-preparation.js';
import type { ClaimedDay, JobRuntimeDeps, LeaseTerms } from './job-store.js';
import { deadLocalWorkers, LeaseKeeper, newWorkerIdentity, type WorkerIdentity } from './leases.js';
import { RESUMED_WARNING } from './lifecycle.js';
import { growingDelays, Retry } from './retry.js';

/** How long a lease lasts unless renewed (WORKER_LEASE_SECONDS); renewed every third of it. */
const DEFAULT_LEASE_MS = 15_000;
/** How often a worker looks for work it was not told about (another process's trigger). */
const DEFAULT_POLL_MS = 500;

/** Waits between attempts to record a failed job, growing to `RECORD_RETRY_MAX_MS`. */
const RECORD_RETRY_FIRST_MS = 250;
const RECORD_RETRY_MAX_MS = 5000;
/** While the database refuses writes, the failure to record is logged again every this many attempts. */
const RECORD_LOG_EVERY = 20;

export interface SchedulerOptions {
  /** Jobs this worker prepares at once; times `max_concurrent_models`, the model-days it runs at once. */
  maxConcurrentJobs: number;
  leaseMs?: number;
  pollIntervalMs?: number;
  identity?: WorkerIdentity;
  /**
   * Tells the worker at once when another process makes work claimable (PostgreSQL's LISTEN), so it
   * need not wait for its next poll; returns how to stop listening.
   */
  wakeups?: (wake: () => void) => { close(): Promise<void> };
  /**
   * MCP_CLAIM_TIMEOUT_SECONDS, in ms: how long a running job left with only external days to run
   * waits for an agent to claim one before those days fail; 0 or absent, for ever.
   */
  unclaimedTimeoutMs?: number;
}

export const UNCLAIMED_ERROR = (seconds: number): string =>
  `No external agent claimed this day over MCP: the job had nothing else to run for ${seconds} s (MCP_CLAIM_TIMEOUT_SECONDS)`;

/**
 * A worker: claims work from the database and runs it in this process, beside any number of other
 * workers on the same database. It prepares pending jobs (at most `maxConcurrentJobs` at once) and
 * runs model-days of any running job (at most `max_concurrent_models` of one job, and that many per
 * job slot in all), each under a lease it renews. When a worker dies its leases expire (at once when
 * it ran on this machine: see `deadLocalWorkers`) and whoever looks next takes the work over:
 * committed model-days are kept, the interrupted ones run again (a day commits atomically, and only
 * under its lease, so none is half-written or written twice).
 */
export class JobScheduler {
  readonly identity: WorkerIdentity;
  readonly #deps: JobRuntimeDeps;
  readonly #log: Logger;
  readonly #keeper: LeaseKeeper;
  readonly #books: JobBooks;
  readonly #recordFailure: Retry;
  readonly #preparing = new Map<string, Promise<void>>();
  readonly #days = new Map<string, { jobId: string; run: Promise<void> }>();
  readonly #failing = new Map<string, Promise<void>>();
  readonly #shutdown = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #ticking = false;
  #wakeAgain = false;
  #lastClaimError: string | undefined;
  #lastReapMs = Number.NEGATIVE_INFINITY;
  #lastUnclaimedCheckMs = Number.NEGATIVE_INFINITY;
  #wakeups: { close(): Promise<void> } | undefined;

  constructor(
    deps: JobRuntimeDeps,
    private readonly options: SchedulerOptions,
  ) {
    this.identity = options.identity ?? newWorkerIdentity();
    this.#log = deps.logger.child({ worker: this.identity.id });
    this.#deps = { ...deps, logger: this.#log };
    this.#keeper = new LeaseKeeper(deps.jobs, {
      leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
      now: deps.now,
      logger: this.#log,
    });
    this.#books = new JobBooks(deps);
    // Until the database accepts the writes (a full disk freed, a read-only file made writable
    // again) or the process stops: until then the job keeps its slot, as the database still says.
    this.#recordFailure = new Retry({
      isTransient: () => true,
      delayMs: growingDelays(RECORD_RETRY_FIRST_MS, RECORD_RETRY_MAX_MS),
      logEvery: RECORD_LOG_EVERY,
      message: () => 'could not record the job failure; retrying until the database accepts writes',
      logger: this.#log,
    });
  }

  /**
   * Takes over what stopped workers left (a crash of this very server, typically) and starts looking
   * for work. Refuses to start when that recovery cannot write, rather than run beside work nobody
   * resumes.
   */
  async start(): Promise<void> {
    try {
      await this.#recover(true);
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      throw new Error(`Cannot resume the jobs a previous run left active: ${cause}`, { cause: error });
    }
    this.#log.info({ lease_ms: this.#keeper.leaseMs }, 'worker started');
    this.#keeper.start();
    this.#timer = setInterval(() => this.wake(), this.options.pollIntervalMs ?? DEFAULT_POLL_MS);
    this.#timer.unref();
    this.#wakeups = this.options.wakeups?.(() => this.wake());
    this.wake();
  }

  /** Looks for work now (called after a trigger or a cancel in this process). */
  wake(): void {
    if (this.#shutdown.signal.aborted) return;
    if (this.#ticking) {
      this.#wakeAgain = true;
      return;
    }
    this.#ticking = true;
    void this.#tick()
      .then(() => {
        if (this.#lastClaimError !== undefined) this.#log.info('job claims work again');
        this.#lastClaimError = undefined;
      })
      .catch((error: unknown) => this.#claimFailed(error))
      .finally(() => {
        this.#ticking = false;
        if (this.#wakeAgain) {
          this.#wakeAgain = false;
          this.wake();
        }
      });
  }

  /** Resolves when every piece of work this worker runs has stopped. */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.#preparing.values(), ...[...this.#days.values()].map((d) => d.run)];
      running.push(...this.#failing.values());
      if (running.length === 0) return;
      await Promise.allSettled(running);
    }
  }

  /**
   * Stops claiming, aborts the work in flight, waits for it to stop (at most `graceMs`: a provider
   * call that ignores the abort must not keep the process from exiting), then lets the leases of
   * that work expire, whether it is still winding down or already stopped, so other workers (or the
   * next start) take it over at once, not a lease later: on another machine, or in another
   * container, nobody can tell that this process is gone.
   */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#wakeups?.close();
    this.#keeper.stopping();
    this.#shutdown.abort(new Error('server shutting down'));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    await this.#keeper.stop();
  }

  /** Work whose worker is gone: dead workers of this machine first (every third of a lease), then any expired lease. */
  async #recover(force: boolean): Promise<void> {
    const now = this.#deps.now();
    const at = now.toISOString();
    if (force || now.getTime() - this.#lastReapMs >= this.#keeper.leaseMs / 3) {
      this.#lastReapMs = now.getTime();
      const dead = deadLocalWorkers(await this.#deps.jobs.liveHolders(at), this.identity);
      if (dead.length > 0) {
        this.#log.warn({ workers: dead }, 'taking over the work of stopped workers of this machine');
        await this.#deps.jobs.expire({ workers: dead });
      }
    }
    const resumed = await this.#deps.jobs.recoverExpired(at, this.#keeper.tokens(), RESUMED_WARNING(at));
    if (resumed.length > 0) this.#log.warn({ jobs: resumed }, 'resuming jobs interrupted by a restart');
  }

  async #tick(): Promise<void> {
    await this.#recover(false);
    await this.#failUnclaimed();
    for (const jobId of await this.#deps.jobs.jobsToSettle()) {
      if (this.#shutdown.signal.aborted) return;
      await settleJob(jobId, this.#deps);
    }
    await this.#claimPreparations();
    await this.#claimDays();
  }

  /** External days nobody came for: failed once their job has waited the timeout with nothing else to do. */
  async #failUnclaimed(): Promise<void> {
    const timeoutMs = this.options.unclaimedTimeoutMs ?? 0;
    const models = externalModels(this.#deps.config);
    if (timeoutMs <= 0 || models.length === 0) return;
    const now = this.#deps.now();
    // A wait measured in minutes needs no look at every tick: as often as recovery looks, or the timeout.
    if (now.getTime() - this.#lastUnclaimedCheckMs < Math.min(this.#keeper.leaseMs / 3, timeoutMs)) return;
    this.#lastUnclaimedCheckMs = now.getTime();
    const idleBefore = new Date(now.getTime() - timeoutMs).toISOString();
    const error = UNCLAIMED_ERROR(timeoutMs / 1000);
    const jobs = await this.#deps.jobs.failUnclaimed(models, idleBefore, now.toISOString(), error);
    if (jobs.length > 0)
      this.#log.warn({ jobs, models }, 'external model-days failed: no agent claimed them');
  }

  #lease(token: string): LeaseTerms {
    return { token, until: this.#keeper.until(), now: this.#deps.now().toISOString() };
  }

  /** The signal of a claim's work: aborted when its lease is lost or the process stops. */
  #hold(token: string): AbortSignal {
    return AbortSignal.any([this.#keeper.hold(token), this.#shutdown.signal]);
  }

  async #claimPreparations(): Promise<void> {
    while (this.#preparing.size < this.options.maxConcurrentJobs && !this.#shutdown.signal.aborted) {
      const token = this.identity.nextToken();
      const job = await this.#deps.jobs.claimPreparation(this.#lease(token));
      if (!job) return;
      const signal = this.#hold(token);
      const run = runPreparation(job, token, this.#deps, signal)
        .then(async (started) => {
          // Nothing left to run (every date skipped, or cancelled): it ends now.
          if (started) await settleJob(job.jobId, this.#deps);
        })
        .catch(async (error: unknown) => {
          if (signal.aborted) return; // prepared again by whoever holds it next
          const message = error instanceof Error ? error.message : String(error);
          this.#log.error({ job_id: job.jobId, err: message }, 'job crashed');
          await this.#failJob(job.jobId, message);
        })
        .finally(() => {
          this.#keeper.drop(token);
          this.#preparing.delete(job.jobId);
          this.wake();
        });
      this.#preparing.set(job.jobId, run);
    }
  }

  async #claimDays(): Promise<void> {
    const perJob = this.#deps.config.agent_config.max_concurrent_models;
    const total = perJob * this.options.maxConcurrentJobs;
    // External models' days wait for their agents to claim them over MCP.
    const exceptModels = externalModels(this.#deps.config);
    while (this.#days.size < total && !this.#shutdown.signal.aborted) {
      const token = this.identity.nextToken();
      const day = await this.#deps.jobs.claimDay(this.#lease(token), {
        skipJobs: this.#jobsAtCapacity(perJob),
        exceptModels,
      });
      if (!day) return;
      const run = this.#runDay(day, token).finally(() => {
        this.#keeper.drop(token);
        this.#days.delete(token);
        this.wake();
      });
      this.#days.set(token, { jobId: day.jobId, run });
    }
  }

  /** Jobs this worker takes no more days of: as many running here as one job may, or being closed. */
  #jobsAtCapacity(perJob: number): string[] {
    const counts = new Map<string, number>();
    for (const { jobId } of this.#days.values()) counts.set(jobId, (counts.get(jobId) ?? 0) + 1);
    const full = [...counts].filter(([, n]) => n >= perJob).map(([jobId]) => jobId);
    return [...new Set([...full, ...this.#failing.keys()])];
  }

  async #runDay(day: ClaimedDay, token: string): Promise<void> {
    const signal = this.#hold(token);
    let end: DayEnd;
    try {
      end = await runClaimedDay(day, this.#deps, this.#books, signal);
    } catch (error) {
      if (this.#shutdown.signal.aborted) return; // its lease expires; the day runs again
      const message = error instanceof Error ? error.message : String(error);
      this.#log.error({ job_id: day.jobId, err: message }, 'job crashed');
      await this.#failJob(day.jobId, message);
      return;
    }
    if (end === 'completed' || end === 'failed') {
      // The last day of its job closes it; if the database will not say now, a later poll will.
      await settleJob(day.jobId, this.#deps).catch((error: unknown) =>
        this.#log.warn({ job_id: day.jobId, err: String(error) }, 'could not close the job yet'),
      );
    }
  }

  /** Ends a job whose progress cannot be recorded, once the database lets it (one attempt loop per job). */
  #failJob(jobId: string, cause: string): Promise<void> {
    const running = this.#failing.get(jobId);
    if (running) return running;
    const attempt = this.#recordFailure
      .run(
        'job failure',
        { job_id: jobId, cause },
        () => this.#deps.jobs.fail(jobId, cause, this.#deps.now()),
        this.#shutdown.signal,
      )
      .then(
        (ended) => {
          if (ended) this.#log.info({ job_id: jobId }, 'job finished');
        },
        // Stopped while the database still refused: its leases expire and the work is taken over.
        () => undefined,
      )
      .finally(() => this.#failing.delete(jobId));
    this.#failing.set(jobId, attempt);
    return attempt;
  }

  /** Logs a failed claim once per distinct cause, not on every poll while the database is down. */
  #claimFailed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (message === this.#lastClaimError) return;
    this.#lastClaimError = message;
    this.#log.error({ err: message }, 'job claim failed');
  }
}
