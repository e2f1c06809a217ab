import { describe, expect, it } from 'vitest';
import { AlphaVantageError } from '../../../src/market-data/alphavantage/errors.js';
import { RequestBudget } from '../../../src/market-data/alphavantage/rate-limiter.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A clock that only moves when the budget sleeps (or the test advances it). */
function fakeClock(start = 1_000_000) {
  const clock = {
    time: start,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.time += ms;
    },
  };
  return clock;
}

async function acquireTimes(budget: RequestBudget, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await budget.acquire();
}

describe('RequestBudget per-minute window', () => {
  it('grants five requests at once and makes the sixth wait for the first to leave the minute', async () => {
    const clock = fakeClock();
    const budget = new RequestBudget({ perMinute: 5, perDay: 0, now: clock.now, sleep: clock.sleep });
    await acquireTimes(budget, 5);
    expect(clock.sleeps).toEqual([]);

    clock.time += 10_000;
    await budget.acquire();
    expect(clock.sleeps).toEqual([MINUTE - 10_000]);
  });

  it('slides rather than resetting on minute boundaries', async () => {
    const clock = fakeClock();
    const budget = new RequestBudget({ perMinute: 2, perDay: 0, now: clock.now, sleep: clock.sleep });
    await budget.acquire(); // t = 0
    clock.time += 40_000;
    await budget.acquire(); // t = 40 s
    clock.time += 30_000; // t = 70 s: the first grant has left the window, the second has not
    await budget.acquire();
    expect(clock.sleeps).toEqual([]);
    await budget.acquire(); // must wait until the 40 s grant expires at 100 s
    expect(clock.sleeps).toEqual([30_000]);
  });

  it('grants concurrent callers in arrival order, each within the limit', async () => {
    const clock = fakeClock();
    const budget = new RequestBudget({ perMinute: 2, perDay: 0, now: clock.now, sleep: clock.sleep });
    const grantedAt: number[] = [];
    await Promise.all([1, 2, 3, 4, 5].map(() => budget.acquire().then(() => grantedAt.push(clock.time))));
    const start = grantedAt[0] as number;
    expect(grantedAt.map((t) => t - start)).toEqual([0, 0, MINUTE, MINUTE, 2 * MINUTE]);
  });

  it.each([0, Number.POSITIVE_INFINITY])('treats %s as unlimited', async (limit) => {
    const clock = fakeClock();
    const budget = new RequestBudget({ perMinute: limit, perDay: limit, now: clock.now, sleep: clock.sleep });
    await acquireTimes(budget, 500);
    expect(clock.sleeps).toEqual([]);
    expect(budget.remainingToday()).toBe(Number.POSITIVE_INFINITY);
  });

  it('has no budget unless one is given: the server sets the pace', async () => {
    const clock = fakeClock();
    const budget = new RequestBudget({ now: clock.now, sleep: clock.sleep });
    expect([budget.perMinute, budget.perDay]).toEqual([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
    await acquireTimes(budget, 200);
    expect(clock.sleeps).toEqual([]);
  });

  it('measures the minute with the window it is given', async () => {
    const clock = fakeClock();
    const budget = new RequestBudget({ perMinute: 2, minuteMs: 1_000, now: clock.now, sleep: clock.sleep });
    await acquireTimes(budget, 3);
    expect(clock.sleeps).toEqual([1_000]);
  });

  it('rejects a negative or fractional limit', () => {
    expect(() => new RequestBudget({ perMinute: -1 })).toThrow(RangeError);
    expect(() => new RequestBudget({ perDay: 2.5 })).toThrow(RangeError);
  });
});

describe('RequestBudget per-day window', () => {
  it('fails at once with daily_limit when the day is spent, without sleeping', async () => {
    const clock = fakeClock();
    const budget = new RequestBudget({ perMinute: 0, perDay: 3, now: clock.now, sleep: clock.sleep });
    await acquireTimes(budget, 3);
    expect(budget.remainingToday()).toBe(0);

    const error = await budget.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlphaVantageError);
    expect(error).toMatchObject({ kind: 'daily_limit', retryable: false });
    expect(clock.sleeps).toEqual([]);
  });

  it('keeps serving later callers after one was refused', async () => {
    const clock = fakeClock();
    const budget = new RequestBudget({ perMinute: 0, perDay: 1, now: clock.now, sleep: clock.sleep });
    await budget.acquire();
    await expect(budget.acquire()).rejects.toMatchObject({ kind: 'daily_limit' });
    clock.time += DAY;
    await expect(budget.acquire()).resolves.toBeUndefined();
  });

  it('frees each request 24 hours after it was granted', async () => {
    const clock = fakeClock();
    const budget = new RequestBudget({ perMinute: 0, perDay: 2, now: clock.now, sleep: clock.sleep });
    await budget.acquire();
    clock.time += 12 * 60 * MINUTE;
    await budget.acquire();
    clock.time += 12 * 60 * MINUTE; // exactly a day after the first grant
    expect(budget.remainingToday()).toBe(1);
    await budget.acquire();
    await expect(budget.acquire()).rejects.toMatchObject({ kind: 'daily_limit' });
  });

  it('counts the requests that waited for the minute window against the day', async () => {
    const clock = fakeClock();
    const budget = new RequestBudget({ perMinute: 5, perDay: 25, now: clock.now, sleep: clock.sleep });
    await acquireTimes(budget, 25);
    expect(clock.sleeps).toHaveLength(4);
    await expect(budget.acquire()).rejects.toMatchObject({ kind: 'daily_limit' });
  });
});
