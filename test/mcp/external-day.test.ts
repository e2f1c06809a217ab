/**
 * One model-day an MCP agent holds, on its own: the real `ExternalDay` on a real TradingDay, with
 * the job store's `failDay` and the commit (`saveDay`) as fakes the test steers. What the agent is
 * told on each path is what it acts on, so the answers are checked word for word where the MCP
 * suites (test/mcp) match them only loosely.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DailyBar } from '../../src/core/bars.js';
import { US_MARKET } from '../../src/core/markets/index.js';
import { PriceIndex } from '../../src/core/price-index.js';
import { LeaseLostError, type ClaimedDay } from '../../src/jobs/job-store.js';
import { callLimitMessage } from '../../src/mcp/call-limits.js';
import { ExternalDay, type ExternalDayEnd } from '../../src/mcp/external-day.js';
import type { ModelDayRecord } from '../../src/simulation/model-day-record.js';
import { TradingDay } from '../../src/simulation/trading-day.js';
import { manualClock, silentLogger } from '../fakes/job-runtime.js';

const DATE = '2025-10-01';
const CLAIM: ClaimedDay = { jobId: 'j1', model: 'ext', date: DATE, lease: 'w-1-1-1/1' };
const LABEL = `ext ${DATE} of job j1`;
const bar = (date: string, open: number, close: number): DailyBar => ({
  symbol: 'AAPL',
  date,
  open,
  high: Math.max(open, close),
  low: Math.min(open, close),
  close,
  volume: 1000,
});
const PRICES = new PriceIndex([bar('2025-09-30', 99, 100), bar(DATE, 100, 104)]);
const PRICE_CALL = { symbol: 'AAPL', date: DATE };

interface DayOptions {
  maxCalls?: number;
  idleTimeoutMs?: number;
  saveDay?: (record: ModelDayRecord, options?: { lease?: string }) => Promise<number>;
  failDay?: () => Promise<boolean>;
}

const opened: ExternalDay[] = [];

afterEach(() => {
  // A day a test left open must not fire its idle timer into the next test.
  for (const day of opened.splice(0)) day.release('test over');
  vi.useRealTimers();
});

/** A claimed day of `ext`, with what it did to the store and what it told the arena. */
function openDay(options: DayOptions = {}) {
  const clock = manualClock('2025-11-01T00:00:00.000Z');
  const trading = new TradingDay({
    jobId: CLAIM.jobId,
    model: CLAIM.model,
    date: DATE,
    market: US_MARKET,
    prices: PRICES,
    universe: ['AAPL'],
    start: { position: { cash: 10_000, holdings: {} }, previousDate: null, previousEndingValue: null },
    initialCash: 10_000,
    now: clock.now,
  });
  const failDay = vi.fn(options.failDay ?? (() => Promise.resolve(true)));
  const saveDay = vi.fn(options.saveDay ?? (() => Promise.resolve(42)));
  const ends: ExternalDayEnd[] = [];
  const lease = new AbortController();
  const day = new ExternalDay(
    CLAIM,
    trading,
    {
      jobs: { failDay },
      modelDays: { saveDay },
      now: clock.now,
      logger: silentLogger,
      idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
      maxCalls: options.maxCalls ?? 30,
      ended: (_day, end) => ends.push(end),
    },
    lease.signal,
  );
  opened.push(day);
  return { day, clock, failDay, saveDay, ends, lease };
}

const committedAnswer = (answer: { text: string; isError: boolean }) => ({
  isError: answer.isError,
  ...(JSON.parse(answer.text) as Record<string, unknown>),
});

describe('ExternalDay', () => {
  it('takes max_steps calls, refuses the next naming the limit (keeping nothing of it), and still commits', async () => {
    const { day, saveDay, ends } = openDay({ maxCalls: 2 });
    expect(await day.tool('get_price_local', PRICE_CALL)).toMatchObject({ isError: false });
    expect(await day.tool('buy', { symbol: 'AAPL', amount: 3 })).toMatchObject({ isError: false });

    const refused = `Error: ${callLimitMessage(LABEL, 2)}`;
    expect(await day.tool('sell', { symbol: 'AAPL', amount: 1 })).toEqual({ isError: true, text: refused });
    // A refusal on the arena's side past the limit says why, and is not audited either.
    expect(day.refuse('claim_day', {}, 'already_claimed', 'You already hold a day.')).toEqual({
      isError: true,
      text: 'Error: You already hold a day.',
    });

    expect(committedAnswer(await day.finish('Bought three.'))).toMatchObject({
      isError: false,
      status: 'committed',
      job_id: 'j1',
      signature: 'ext',
      date: DATE,
      trades: 1,
      holdings: { AAPL: 3 },
    });
    const [record, options] = saveDay.mock.calls[0]!;
    expect(options).toEqual({ lease: CLAIM.lease });
    expect(record.reasoning.flatMap((r) => r.toolCalls ?? []).map((c) => c.name)).toEqual([
      'get_price_local',
      'buy',
    ]);
    expect(record.audit).toEqual([]);
    expect(record.summary).toBe('Bought three.');
    expect(ends).toEqual([{ state: 'committed', tradingDayId: 42 }]);
  });

  it('abandons a day whose agent stays idle for the timeout: recorded failed, nothing committed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { day, clock, failDay, saveDay, ends } = openDay({ idleTimeoutMs: 1000 });
    await vi.advanceTimersByTimeAsync(900);
    await day.tool('get_price_local', PRICE_CALL); // a call starts the wait again
    await vi.advanceTimersByTimeAsync(900);
    expect(ends).toEqual([]);

    clock.advance(5000);
    await vi.advanceTimersByTimeAsync(100);
    const error = 'External agent idle for 1 s (MCP_IDLE_TIMEOUT_SECONDS); the day was not committed';
    expect(failDay).toHaveBeenCalledExactlyOnceWith(CLAIM, CLAIM.lease, {
      error,
      completedAt: '2025-11-01T00:00:05.000Z',
      durationSeconds: 5,
    });
    expect(ends).toEqual([{ state: 'failed', error }]);
    expect(await day.finish(undefined)).toEqual({
      isError: true,
      text: `Error: Your claim on ${LABEL} ended: ${error}. Call claim_day again.`,
    });
    expect(saveDay).not.toHaveBeenCalled();
  });

  it('ends an abandoned day lost when its failure cannot be recorded: its lease runs out and the day comes back', async () => {
    const refused = openDay({ failDay: () => Promise.resolve(false) });
    await refused.day.abandon('External agent disconnected');
    expect(refused.ends).toEqual([{ state: 'lost', error: 'External agent disconnected' }]);

    const unreachable = openDay({ failDay: () => Promise.reject(new Error('database is locked')) });
    await unreachable.day.abandon('External agent disconnected');
    expect(unreachable.ends).toEqual([{ state: 'lost', error: 'External agent disconnected' }]);
  });

  it('ends the day lost when its commit finds the lease taken over, recording nothing', async () => {
    const lost = new LeaseLostError(CLAIM);
    const { day, failDay, ends } = openDay({ saveDay: () => Promise.reject(lost) });
    expect(await day.finish('done')).toEqual({
      isError: true,
      text: `Error: Your claim on ${LABEL} ended: ${lost.message}. Call claim_day again.`,
    });
    expect(ends).toEqual([{ state: 'lost', error: lost.message }]);
    expect(failDay).not.toHaveBeenCalled();
  });

  it('keeps the day open after a commit that failed otherwise, so the agent may call finish_day again', async () => {
    let attempts = 0;
    const { day, ends } = openDay({
      saveDay: () =>
        ++attempts === 1 ? Promise.reject(new Error('database is locked')) : Promise.resolve(7),
    });
    expect(await day.finish('first try')).toEqual({
      isError: true,
      text: 'Error: The day could not be committed (database is locked); call finish_day again.',
    });
    expect(day.end).toBeUndefined();
    expect(await day.tool('buy', { symbol: 'AAPL', amount: 1 })).toMatchObject({ isError: false });
    expect(committedAnswer(await day.finish('second try'))).toMatchObject({
      status: 'committed',
      trades: 1,
    });
    expect(ends).toEqual([{ state: 'committed', tradingDayId: 7 }]);
  });

  it('refuses calls while the day is being committed and once it has ended, naming which', async () => {
    let commit!: (id: number) => void;
    const { day } = openDay({ saveDay: () => new Promise<number>((resolve) => (commit = resolve)) });
    const finishing = day.finish(undefined);
    const busy = {
      isError: true,
      text: `Error: ${LABEL} is being committed; no more calls are taken for it.`,
    };
    expect(await day.tool('get_price_local', PRICE_CALL)).toEqual(busy);
    expect(await day.finish(undefined)).toEqual(busy);

    commit(9);
    expect((await finishing).isError).toBe(false);
    const done = {
      isError: true,
      text: `Error: ${LABEL} is already committed. Call claim_day for the next one.`,
    };
    expect(await day.tool('get_price_local', PRICE_CALL)).toEqual(done);
    expect(await day.finish(undefined)).toEqual(done);
  });

  it('leaves the end to a commit in flight when the keeper reports the lease gone meanwhile', async () => {
    // The keeper sees the day's own commit (no longer a running day) as a lost lease.
    const answers: ((id: number) => void)[] = [];
    const fails: ((error: Error) => void)[] = [];
    const saveDay = () =>
      new Promise<number>((resolve, reject) => (answers.push(resolve), fails.push(reject)));
    const committed = openDay({ saveDay });
    const finishing = committed.day.finish(undefined);
    committed.lease.abort(new Error('lease lost'));
    expect(committed.ends).toEqual([]);
    answers[0]!(5);
    expect((await finishing).isError).toBe(false);
    expect(committed.ends).toEqual([{ state: 'committed', tradingDayId: 5 }]);

    // A commit that failed otherwise cannot be tried again without the lease: the day is lost.
    const failed = openDay({ saveDay });
    const failing = failed.day.finish(undefined);
    failed.lease.abort(new Error('lease lost'));
    fails[1]!(new Error('database is locked'));
    expect(await failing).toEqual({
      isError: true,
      text: `Error: Your claim on ${LABEL} ended: the lease on this model-day was lost. Call claim_day again.`,
    });
    expect(failed.ends).toEqual([{ state: 'lost', error: 'the lease on this model-day was lost' }]);
  });

  it('ends the day lost at once when its lease keeper says the lease is gone', async () => {
    const { day, lease, failDay, ends } = openDay();
    lease.abort(new Error('lease lost'));
    expect(ends).toEqual([{ state: 'lost', error: 'the lease on this model-day was lost' }]);
    expect(await day.tool('get_price_local', PRICE_CALL)).toEqual({
      isError: true,
      text: `Error: Your claim on ${LABEL} ended: the lease on this model-day was lost. Call claim_day again.`,
    });
    expect(failDay).not.toHaveBeenCalled();
  });
});
