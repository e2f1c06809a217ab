import { randomUUID } from 'node:crypto';
import type { JobRuntimeDeps } from './job-runtime.js';
import { closeFailedJob } from './job-finish.js';
import type { Job } from './job-types.js';
import { runJob } from './job-worker.js';
import { ModelLocks } from './model-locks.js';

export interface SchedulerOptions {
  maxConcurrentJobs: number;
  /** Fallback poll for jobs created by another process; triggers here wake the loop at once. */
  pollIntervalMs?: number;
  leaseMs?: number;
}

export const RESUMED_WARNING = (at: string): string =>
  `Job interrupted by a server restart; resumed at ${at}. Model-days that were in progress were re-run from their last committed state.`;

/**
 * Claims pending jobs and runs them in this process, at most `maxConcurrentJobs` at a time. On start
 * it resumes jobs a crash left active: committed model-days are kept, in-flight ones run again (a
 * model-day commits atomically, so none can be half-written).
 */
export class JobScheduler {
  readonly #owner = `worker-${randomUUID()}`;
  readonly #locks = new ModelLocks();
  readonly #running = new Map<string, Promise<void>>();
  readonly #shutdown = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #claiming = false;
  #wakeAgain = false;
  #lastClaimError: string | undefined;

  constructor(
    private readonly deps: JobRuntimeDeps,
    private readonly options: SchedulerOptions,
  ) {}

  async start(): Promise<void> {
    const resumed = await this.deps.jobs
      .requeueInterrupted(this.deps.now().toISOString(), RESUMED_WARNING(this.deps.now().toISOString()))
      .catch((error: unknown) => {
        // Refuse to start rather than run beside jobs nobody resumes; say why (a full disk, say).
        const cause = error instanceof Error ? error.message : String(error);
        throw new Error(`Cannot resume the jobs a previous run left active: ${cause}`, { cause: error });
      });
    if (resumed.length > 0)
      this.deps.logger.warn({ jobs: resumed }, 'resuming jobs interrupted by a restart');
    this.#timer = setInterval(() => this.wake(), this.options.pollIntervalMs ?? 1000);
    this.#timer.unref();
    this.wake();
  }

  /** Looks for work now (called after a trigger). */
  wake(): void {
    if (this.#shutdown.signal.aborted) return;
    if (this.#claiming) {
      this.#wakeAgain = true;
      return;
    }
    this.#claiming = true;
    void this.#claimWhileFree()
      .then(() => {
        if (this.#lastClaimError !== undefined) this.deps.logger.info('job claims work again');
        this.#lastClaimError = undefined;
      })
      .catch((error: unknown) => this.#claimFailed(error))
      .finally(() => {
        this.#claiming = false;
        if (this.#wakeAgain) {
          this.#wakeAgain = false;
          this.wake();
        }
      });
  }

  /** Resolves when every job this scheduler is running has stopped. */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running.values()]);
  }

  /**
   * Stops claiming, aborts in-flight model-days (they stay resumable), and waits for the jobs to stop,
   * at most `graceMs`: a provider call or a rate-limit wait that ignores the abort must not keep the
   * process from exiting. Whatever is still running is resumed at the next start.
   */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#shutdown.abort(new Error('server shutting down'));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }

  /** Logs a failed claim once per distinct cause, not on every poll while the database is down. */
  #claimFailed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (message === this.#lastClaimError) return;
    this.#lastClaimError = message;
    this.deps.logger.error({ err: message }, 'job claim failed');
  }

  async #claimWhileFree(): Promise<void> {
    while (this.#running.size < this.options.maxConcurrentJobs && !this.#shutdown.signal.aborted) {
      const leaseMs = this.options.leaseMs ?? 60_000;
      const now = this.deps.now();
      const job = await this.deps.jobs.claimNextPending(
        this.#owner,
        new Date(now.getTime() + leaseMs).toISOString(),
        now.toISOString(),
      );
      if (!job) return;
      const log = this.deps.logger.child({ job_id: job.jobId });
      log.info({ models: job.models, dates: job.dateRange.length }, 'job claimed');
      const lease = setInterval(
        () => {
          const until = new Date(this.deps.now().getTime() + leaseMs).toISOString();
          void this.deps.jobs.renewLease(job.jobId, this.#owner, until).catch(() => undefined);
        },
        Math.max(1000, leaseMs / 3),
      );
      lease.unref();
      const run = runJob(job, this.deps, this.#locks, this.#shutdown.signal)
        .catch(async (error: unknown) => {
          if (this.#shutdown.signal.aborted) return; // left active: resumed at the next start
          const message = error instanceof Error ? error.message : String(error);
          log.error({ err: message }, 'job crashed');
          await recordFailure(job, message, this.deps, this.#shutdown.signal);
        })
        .finally(() => {
          clearInterval(lease);
          this.#running.delete(job.jobId);
          this.wake();
        });
      this.#running.set(job.jobId, run);
    }
  }
}

/** Waits between attempts to record a failed job, growing to `RECORD_RETRY_MAX_MS`. */
const RECORD_RETRY_FIRST_MS = 250;
const RECORD_RETRY_MAX_MS = 5000;
/** While the database refuses writes, the failure to record is logged again every this many attempts. */
const RECORD_LOG_EVERY = 20;

/**
 * Records a job's failure, trying until the database accepts the writes (a full disk freed, a
 * read-only file made writable again) or the server shuts down, when the job stays active and the
 * next start resumes it. Until then the job keeps its slot: the database still says it is active.
 */
async function recordFailure(
  job: Job,
  cause: string,
  deps: JobRuntimeDeps,
  shutdown: AbortSignal,
): Promise<void> {
  const log = deps.logger.child({ job_id: job.jobId });
  for (let attempt = 1; ; attempt++) {
    try {
      await closeFailedJob(job, deps, cause);
      if (attempt > 1)
        log.info({ attempts: attempt }, 'job failure recorded: the database accepts writes again');
      return;
    } catch (error) {
      if (attempt === 1 || attempt % RECORD_LOG_EVERY === 0) {
        log.error(
          { cause, err: error instanceof Error ? error.message : String(error), attempts: attempt },
          'could not record the job failure; retrying until the database accepts writes',
        );
      }
    }
    const wait = Math.min(RECORD_RETRY_MAX_MS, RECORD_RETRY_FIRST_MS * 2 ** (attempt - 1));
    if (!(await sleepUnlessStopped(wait, shutdown))) return;
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function sleepUnlessStopped(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
