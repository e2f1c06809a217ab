/**
 * The job worker on its own: the real `JobScheduler` over an in-memory job store (the real claim
 * rule and lifecycle), with scripted model-days instead of agents and a clock that moves only when
 * the test says. What it must do is what the end-to-end suites check through servers: run every
 * day once, in order, within its limits; end each job with the right status; never call a day
 * failed that another worker took over; hand its work back when it stops; take over the work of
 * workers that are gone; leave external models' days to their agents until they time out.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobRuntimeDeps } from '../../src/jobs/job-store.js';
import { JobScheduler, UNCLAIMED_ERROR, type SchedulerOptions } from '../../src/jobs/job-scheduler.js';
import { newWorkerIdentity } from '../../src/jobs/leases.js';
import { EXTERNAL_MODELS_WARNING } from '../../src/jobs/job-preparation.js';
import { RESUMED_WARNING } from '../../src/jobs/lifecycle.js';
import type { LlmProvider } from '../../src/llm/provider.js';
import { InMemoryJobStore, detailOf as statusOf, jobEnded as ended } from '../fakes/in-memory-job-store.js';
import {
  addJob,
  configOf,
  manualClock,
  ScriptedModelDays,
  silentLogger,
  storedPrices,
  untilAborted,
} from '../fakes/job-runtime.js';
import { startJob } from '../helpers/model-day-fixtures.js';
import { until } from '../helpers/until.js';

const DATES = ['2025-10-01', '2025-10-02', '2025-10-03'];
const [D1, D2, D3] = DATES as [string, string, string];
const LEASE_MS = 3000;

/** The fake model-days never ask for one: a provider that would be a bug to call. */
const noProvider: LlmProvider = {
  modelId: 'none',
  complete: () => Promise.reject(new Error('the scripted model-days never call a provider')),
};

const schedulers: JobScheduler[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(schedulers.splice(0).map((s) => s.stop(1000)));
});

interface WorldOptions {
  maxConcurrentModels?: number;
  now?: () => Date;
}

/** A store, a clock, scripted days and the deps a worker runs with; `worker` adds one more worker. */
function world(models: readonly string[], options: WorldOptions = {}) {
  const clock = manualClock();
  const now = options.now ?? clock.now;
  const store = new InMemoryJobStore();
  const days = new ScriptedModelDays(store, now);
  const prices = storedPrices();
  const deps: JobRuntimeDeps = {
    jobs: store,
    prices,
    modelDays: days.service,
    config: configOf(models, { max_concurrent_models: options.maxConcurrentModels ?? 4 }),
    providerFor: () => noProvider,
    now,
    logger: silentLogger,
  };
  const worker = (overrides: Partial<SchedulerOptions> = {}): JobScheduler => {
    const scheduler = new JobScheduler(deps, {
      maxConcurrentJobs: 2,
      leaseMs: LEASE_MS,
      pollIntervalMs: 5,
      ...overrides,
    });
    schedulers.push(scheduler);
    return scheduler;
  };
  return { clock, store, days, prices, worker };
}

/** The job once it has ended (the fake store answers at once, so a short poll is enough). */

describe('JobScheduler', () => {
  it("prepares a job, runs each model's days in date order, models side by side within max_concurrent_models, and ends it completed", async () => {
    const { store, days, worker } = world(['a', 'b', 'c'], { maxConcurrentModels: 2 });
    await addJob(store, 'j1', ['a', 'b', 'c'], DATES, '2025-11-01T00:00:00.000Z');
    await worker().start();

    const job = await ended(store, 'j1');
    expect(job).toMatchObject({ status: 'completed', error: null });
    expect((await store.details('j1')).every((d) => d.status === 'completed')).toBe(true);
    for (const model of ['a', 'b', 'c']) expect(days.datesOf(model)).toEqual(DATES);
    expect(days.overlaps).toEqual([]);
    // Two slots of a job (4 in all for two jobs): two of its models at once, never three.
    expect(days.peak('j1')).toBe(2);
  });

  it('records a day whose agent throws as failed, goes on with the model, and ends the job partial', async () => {
    const { store, days, worker } = world(['a', 'b']);
    days.script('b', D2, () => Promise.reject(new Error('the model answered nonsense')));
    await addJob(store, 'j1', ['a', 'b'], DATES, '2025-11-01T00:00:00.000Z');
    await worker().start();

    const job = await ended(store, 'j1');
    expect(job).toMatchObject({ status: 'partial', error: '1 of 6 model-days failed' });
    expect(await statusOf(store, 'j1', 'b', D2)).toMatchObject({
      status: 'failed',
      error: 'Execution failed: the model answered nonsense',
    });
    expect(await statusOf(store, 'j1', 'b', D3)).toMatchObject({ status: 'completed' });
  });

  it('does not record as failed a day whose lease was lost before its commit; its new holder runs it', async () => {
    const { clock, store, days, worker } = world(['a']);
    days.script('a', D1, async (request, attempt) => {
      if (attempt > 1) return;
      // This worker froze past its lease, and another one's recovery handed the day back.
      await store.expire({ tokens: [request.lease!] });
      await store.recoverExpired(clock.now().toISOString(), [], 'taken over');
    });
    const failDay = vi.spyOn(store, 'failDay');
    await addJob(store, 'j1', ['a'], [D1, D2], '2025-11-01T00:00:00.000Z');
    await worker().start();

    expect(await ended(store, 'j1')).toMatchObject({ status: 'completed', error: null });
    expect(failDay).not.toHaveBeenCalled();
    // The lost run left nothing; the day ran again, once, and committed.
    expect(days.datesOf('a')).toEqual([D1, D1, D2]);
  });

  it("keeps trying to record a crashed job's failure, waiting longer each time, and holds the job active until it is recorded", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const { store, prices, worker } = world(['a'], { now: () => new Date() });
    prices.download = () => Promise.reject(new Error('disk I/O error'));
    const attempts: number[] = [];
    const fail = store.fail.bind(store);
    vi.spyOn(store, 'fail').mockImplementation(async (...args) => {
      attempts.push(Date.now());
      if (attempts.length <= 3) throw new Error('attempt to write a readonly database');
      return fail(...args);
    });
    await addJob(store, 'j1', ['a'], [D1], new Date().toISOString());
    await worker().start();

    await vi.advanceTimersByTimeAsync(1500);
    expect(attempts).toHaveLength(3);
    expect((await store.get('j1'))?.status).toBe('downloading_data');

    await vi.advanceTimersByTimeAsync(1500);
    expect(attempts.slice(1).map((at, i) => at - attempts[i]!)).toEqual([250, 500, 1000]);
    expect(await store.get('j1')).toMatchObject({ status: 'failed', error: 'Job failed: disk I/O error' });
    expect(await statusOf(store, 'j1', 'a', D1)).toMatchObject({ status: 'skipped' });
  });

  it('stops the work in flight and lets its leases expire at once, so the next worker takes it over', async () => {
    const { clock, store, days, worker } = world(['a']);
    days.script('a', D1, (request, attempt) =>
      attempt === 1 ? untilAborted(request.signal) : Promise.resolve(),
    );
    const expire = vi.spyOn(store, 'expire');
    await addJob(store, 'j1', ['a'], [D1, D2], '2025-11-01T00:00:00.000Z');
    const first = worker();
    await first.start();
    await until('the first day to start', async () => days.started.length > 0 || undefined, 10_000, 5);
    const lease = store.leaseOf('j1', 'a', D1)!.owner!;

    await first.stop();
    expect(expire).toHaveBeenCalledWith({ tokens: expect.arrayContaining([lease]) });
    // Nothing of the stopped day was written or called failed: it is still running, unleased.
    expect(await statusOf(store, 'j1', 'a', D1)).toMatchObject({ status: 'running', error: null });
    expect(store.leaseOf('j1', 'a', D1)!.until! < clock.now().toISOString()).toBe(true);

    await worker().start();
    const job = await ended(store, 'j1');
    expect(job.status).toBe('completed');
    expect(job.warnings).toContain(RESUMED_WARNING(clock.now().toISOString()));
    expect(days.datesOf('a')).toEqual([D1, D1, D2]);
  });

  it("at start, expires the leases of this machine's dead workers and resumes every expired day, leaving live ones alone", async () => {
    const { clock, store, days, worker } = world(['a', 'b', 'c']);
    const at = clock.now().toISOString();
    const live = new Date(clock.now().getTime() + 3_600_000).toISOString();
    const me = newWorkerIdentity('0123456789ab', 4242);
    // An earlier process of this machine with the same PID: gone, though its lease has not run out.
    const crashedHere = newWorkerIdentity('0123456789ab', 4242);
    const elsewhere = newWorkerIdentity('fedcba987654', 4242);
    const goneElsewhere = newWorkerIdentity('fedcba987654', 77);
    await addJob(store, 'j1', ['a', 'b', 'c'], [D1], at);
    await startJob(store, 'j1', at);
    const claim = (token: string, model: string) =>
      store.claimDay({ token, until: live, now: at }, { models: [model] });
    await claim(crashedHere.nextToken(), 'a');
    const held = await claim(elsewhere.nextToken(), 'b');
    const lapsed = await claim(goneElsewhere.nextToken(), 'c');
    await store.expire({ tokens: [lapsed!.lease] });
    const expire = vi.spyOn(store, 'expire');

    await worker({ identity: me }).start();
    expect(expire).toHaveBeenCalledWith({ workers: [crashedHere.id] });
    await until(
      'the resumed days to commit',
      async () => {
        const details = await store.details('j1');
        return details.filter((d) => d.status === 'completed').length === 2 || undefined;
      },
      10_000,
      5,
    );
    expect(days.started.map((s) => s.model).sort()).toEqual(['a', 'c']);
    // Another machine's live worker keeps its day: nobody can tell from here that it is gone.
    expect(await statusOf(store, 'j1', 'b', D1)).toMatchObject({ status: 'running' });
    expect(store.leaseOf('j1', 'b', D1)).toEqual({ owner: held!.lease, until: live });
    const job = await store.get('j1');
    expect(job).toMatchObject({ status: 'running', warnings: [RESUMED_WARNING(at)] });
  });

  it("leaves external models' days to their agents, and fails them once the job has waited MCP_CLAIM_TIMEOUT_SECONDS with nothing else to run", async () => {
    const { clock, store, days, worker } = world(['alpha', 'ext']);
    const claimDay = vi.spyOn(store, 'claimDay');
    await addJob(store, 'j1', ['alpha', 'ext'], [D1, D2], clock.now().toISOString());
    await worker({ unclaimedTimeoutMs: 60_000 }).start();

    await until('the built-in days to commit', async () => days.datesOf('alpha').length === 2 || undefined);
    const polled = claimDay.mock.calls.length;
    await until('a few more polls', async () => claimDay.mock.calls.length >= polled + 5 || undefined);
    expect(claimDay.mock.calls.every(([, scope]) => scope?.exceptModels?.includes('ext'))).toBe(true);
    expect(days.datesOf('ext')).toEqual([]);
    const waiting = await store.get('j1');
    expect(waiting).toMatchObject({ status: 'running', warnings: [EXTERNAL_MODELS_WARNING(['ext'])] });
    expect((await statusOf(store, 'j1', 'ext', D1))?.status).toBe('pending');

    clock.advance(60_001);
    const job = await ended(store, 'j1');
    expect(job).toMatchObject({ status: 'partial', error: '2 of 4 model-days failed' });
    for (const date of [D1, D2]) {
      expect(await statusOf(store, 'j1', 'ext', date)).toMatchObject({
        status: 'failed',
        error: UNCLAIMED_ERROR(60),
      });
      expect(await statusOf(store, 'j1', 'alpha', date)).toMatchObject({ status: 'completed' });
    }
  });
});
