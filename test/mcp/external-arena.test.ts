/**
 * The arena's side of external agents, on its own: the real `ExternalArena` over the in-memory job
 * store, committing through the real job-aware day store (`jobDayStore`) into a fake that keeps the
 * records. No MCP transport: what a client is answered, how long a claim is held and what the job
 * becomes are the arena's, and are checked here directly.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DailyBar } from '../../src/core/bars.js';
import { jobDayStore } from '../../src/jobs/claimed-day.js';
import { newWorkerIdentity } from '../../src/jobs/leases.js';
import { RESUMED_WARNING } from '../../src/jobs/lifecycle.js';
import { ExternalArena } from '../../src/mcp/external-arena.js';
import type { ExternalDay } from '../../src/mcp/external-day.js';
import type { ModelDayRecord, StartingPoint } from '../../src/simulation/model-day-record.js';
import type { ModelDayStore } from '../../src/simulation/model-day-store.js';
import { InMemoryJobStore, detailOf as detail, jobEnded as ended } from '../fakes/in-memory-job-store.js';
import { addJob, configOf, manualClock, silentLogger, storedPrices } from '../fakes/job-runtime.js';
import { startJob } from '../helpers/model-day-fixtures.js';
import { until } from '../helpers/until.js';

const D1 = '2025-10-01';
const D2 = '2025-10-02';
/** Short, so the keeper renews every 100 ms (its floor) and the test sees it do so. */
const LEASE_MS = 300;
const BARS: DailyBar[] = ['2025-09-30', D1, D2].map((date, i) => ({
  symbol: 'AAPL',
  date,
  open: 100 + i,
  high: 102 + i,
  low: 99 + i,
  close: 101 + i,
  volume: 1000,
}));

/** The model-day rows a commit writes, kept in memory; every model starts from its initial cash. */
class KeptDays implements ModelDayStore {
  readonly records: ModelDayRecord[] = [];
  async startingPoint(_day: unknown, initialCash: number): Promise<StartingPoint> {
    return { position: { cash: initialCash, holdings: {} }, previousDate: null, previousEndingValue: null };
  }
  async saveDay(record: ModelDayRecord): Promise<number> {
    return this.records.push(record);
  }
}

const arenas: ExternalArena[] = [];

afterEach(async () => {
  await Promise.all(arenas.splice(0).map((arena) => arena.close()));
});

function world() {
  const clock = manualClock();
  const store = new InMemoryJobStore();
  const kept = new KeptDays();
  const identity = newWorkerIdentity('0123456789ab', 4242);
  const open = (): ExternalArena => {
    const arena = new ExternalArena({
      jobs: store,
      prices: storedPrices(BARS),
      // The same composition as the server's: the commit completes the detail under the lease.
      modelDays: jobDayStore(kept, { run: (work) => work({ jobs: store, modelDays: kept }) }),
      config: configOf(['alpha', 'ext']),
      now: clock.now,
      logger: silentLogger,
      identity,
      leaseMs: LEASE_MS,
      idleTimeoutMs: 60_000,
    });
    arena.start();
    arenas.push(arena);
    return arena;
  };
  /** A running job (prepared by a worker) whose days wait for their agents. */
  const running = async (jobId: string, models: string[], dates: string[]) => {
    const at = clock.now().toISOString();
    await addJob(store, jobId, models, dates, at);
    await startJob(store, jobId, at);
  };
  return { clock, store, kept, open, running };
}

async function claimed(arena: ExternalArena, model?: string): Promise<ExternalDay> {
  const answer = await arena.claim(model);
  if (!answer.ok) throw new Error(`expected a day, got: ${answer.message}`);
  return answer.day;
}

describe('ExternalArena', () => {
  it('answers not_external for a model agents may not play, and none_waiting when no day of it waits', async () => {
    const { store, open, running } = world();
    const arena = open();
    const claimDay = vi.spyOn(store, 'claimDay');
    expect(await arena.claim('alpha')).toEqual({
      ok: false,
      reason: 'not_external',
      message: '"alpha" is not an external model: agents over MCP may only play ext.',
    });
    expect(claimDay).not.toHaveBeenCalled();

    const none = {
      ok: false,
      reason: 'none_waiting',
      message: 'No model-day of ext is waiting now; try again later.',
    };
    expect(await arena.claim('ext')).toEqual(none);
    // A job's only external day, already held by one client, is not handed to a second.
    await running('j1', ['alpha', 'ext'], [D1]);
    await claimed(arena);
    expect(await arena.claim(undefined)).toEqual(none);
  });

  it('holds a claimed day under a lease it keeps renewing; once another worker takes it over, the day ends lost', async () => {
    const { clock, store, open, running } = world();
    await running('j1', ['ext'], [D1, D2]);
    const day = await claimed(open(), 'ext');
    expect(day.claim).toMatchObject({ jobId: 'j1', model: 'ext', date: D1 });
    expect(store.leaseOf('j1', 'ext', D1)).toEqual({
      owner: day.claim.lease,
      until: new Date(clock.now().getTime() + LEASE_MS).toISOString(),
    });

    // Long after the first lease would have run out, the day is still held: it was renewed.
    clock.advance(10_000);
    const renewed = new Date(clock.now().getTime() + LEASE_MS).toISOString();
    await until(
      'the lease to be renewed',
      async () => store.leaseOf('j1', 'ext', D1)?.until === renewed || undefined,
    );
    expect(await store.recoverExpired(clock.now().toISOString(), [], 'taken over')).toEqual([]);

    // This process froze past its lease: another worker's recovery handed the day back.
    await store.expire({ tokens: [day.claim.lease] });
    await store.recoverExpired(clock.now().toISOString(), [], 'taken over');
    await until('the day to end', async () => day.end);
    expect(day.end).toEqual({ state: 'lost', error: 'the lease on this model-day was lost' });
    expect(await detail(store, 'j1', 'ext', D1)).toMatchObject({ status: 'pending' });
    expect((await store.get('j1'))?.status).toBe('running');
  });

  it('settles the job once its last day ends: committed, the job completes; failed, the job fails', async () => {
    const { store, kept, open, running } = world();
    const arena = open();
    await running('j1', ['ext'], [D1]);
    const committed = await claimed(arena);
    expect((await committed.tool('buy', { symbol: 'AAPL', amount: 2 })).isError).toBe(false);
    expect((await committed.finish('Bought two.')).isError).toBe(false);
    expect(await ended(store, 'j1')).toMatchObject({ status: 'completed', error: null });
    expect(kept.records.map((r) => [r.jobId, r.model, r.date, r.trades.length])).toEqual([
      ['j1', 'ext', D1, 1],
    ]);

    await running('j2', ['ext'], [D2]);
    const abandoned = await claimed(arena);
    expect(abandoned.claim).toMatchObject({ jobId: 'j2', date: D2 });
    await abandoned.abandon('External agent disconnected');
    expect(await ended(store, 'j2')).toMatchObject({ status: 'failed', error: '1 of 1 model-days failed' });
    expect(await detail(store, 'j2', 'ext', D2)).toMatchObject({
      status: 'failed',
      error: 'External agent disconnected',
    });
    expect(kept.records).toHaveLength(1);
  });

  it('ends a day whose commit is answered late as committed, and settles its job, though the keeper renewed meanwhile', async () => {
    const { store, kept, open, running } = world();
    const arena = open();
    await running('j1', ['ext'], [D1]);
    const day = await claimed(arena);
    // The commit went through, but its answer comes late (a retry recovering a lost
    // acknowledgement): meanwhile the day's detail is completed, no longer a running day to renew.
    let acknowledge!: () => void;
    const acknowledged = new Promise<void>((resolve) => (acknowledge = resolve));
    const save = vi.spyOn(kept, 'saveDay').mockImplementationOnce(async (record) => {
      await acknowledged;
      return kept.records.push(record);
    });
    const renew = vi.spyOn(store, 'renew');
    const finishing = day.finish('Held.');
    await until('the commit to reach the store', async () => save.mock.calls.length > 0 || undefined);
    const rounds = renew.mock.calls.length;
    await until(
      'a renewal round during the commit',
      async () => renew.mock.calls.length > rounds || undefined,
    );
    // What the keeper makes of that round's answer is done once it is in and a moment has passed.
    await renew.mock.results.at(-1)!.value;
    await new Promise((resolve) => setImmediate(resolve));

    acknowledge();
    expect((await finishing).isError).toBe(false);
    expect(day.end).toEqual({ state: 'committed', tradingDayId: 1 });
    expect(await ended(store, 'j1')).toMatchObject({ status: 'completed' });
  });

  it('lets the lease of a claim it could not open expire at once, so the next claim takes the same day', async () => {
    const { clock, store, kept, open, running } = world();
    const arena = open();
    await running('j1', ['ext'], [D1]);
    vi.spyOn(kept, 'startingPoint').mockRejectedValueOnce(new Error('database is locked'));
    const expire = vi.spyOn(store, 'expire');

    await expect(arena.claim('ext')).rejects.toThrow('database is locked');
    const lease = store.leaseOf('j1', 'ext', D1)!;
    expect(expire).toHaveBeenCalledExactlyOnceWith({ tokens: [lease.owner] });
    expect(lease.until! < clock.now().toISOString()).toBe(true);

    const day = await claimed(arena, 'ext');
    expect(day.claim).toMatchObject({ jobId: 'j1', date: D1 });
    expect(day.claim.lease).not.toBe(lease.owner);
    expect((await store.get('j1'))?.warnings).toEqual([RESUMED_WARNING(clock.now().toISOString())]);
  });

  it('on close, releases the days still open: nothing recorded, their leases expired, the next process claims them', async () => {
    const { clock, store, kept, open, running } = world();
    const arena = open();
    await running('j1', ['ext'], [D1]);
    const day = await claimed(arena);
    await day.tool('buy', { symbol: 'AAPL', amount: 1 });
    const failDay = vi.spyOn(store, 'failDay');
    const expire = vi.spyOn(store, 'expire');

    await arena.close();
    expect(day.end).toEqual({ state: 'lost', error: 'the server shut down' });
    expect(expire).toHaveBeenCalledWith({ tokens: [day.claim.lease] });
    expect(failDay).not.toHaveBeenCalled();
    expect(kept.records).toEqual([]);
    expect(await detail(store, 'j1', 'ext', D1)).toMatchObject({ status: 'running' });
    expect(store.leaseOf('j1', 'ext', D1)!.until! < clock.now().toISOString()).toBe(true);
    expect(await day.tool('get_price_local', { symbol: 'AAPL', date: D1 })).toEqual({
      isError: true,
      text: `Error: Your claim on ext ${D1} of job j1 ended: the server shut down. Call claim_day again.`,
    });

    const again = await claimed(open());
    expect(again.claim).toMatchObject({ jobId: 'j1', date: D1 });
    expect(again.trading.position).toEqual({ cash: 10_000, holdings: {} });
  });
});
