import { describe, expect, it } from 'vitest';
import { ServerPace, type PaceSlot } from '../../../src/market-data/alphavantage/server-pace.js';
import { virtualClock } from '../../helpers/virtual-clock.js';

const WINDOW = 1_000;

function paceOn(clock = virtualClock()) {
  return { clock, pace: new ServerPace({ windowMs: WINDOW, now: clock.now, sleep: clock.sleep }) };
}

/** Grants `n` requests one after another, each answered at once; returns the grant times. */
async function answerMany(pace: ServerPace, clock: { now(): number }, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const slot = await pace.acquire();
    times.push(clock.now());
    slot.answered();
  }
  return times;
}

describe('ServerPace before the server ever refuses', () => {
  it('grants every request at once: no tier is guessed', async () => {
    const { clock, pace } = paceOn();
    await answerMany(pace, clock, 500);
    expect(clock.sleeps).toEqual([]);
    expect(pace.requestsPerWindow).toBeUndefined();
    expect(pace.waitMs()).toBe(0);
  });
});

describe('ServerPace after a per-minute refusal', () => {
  it('paces to the answers of the last window, releasing each slot as its answer leaves', async () => {
    const { clock, pace } = paceOn();
    const start = clock.now();
    await answerMany(pace, clock, 3); // t = 0
    clock.advance(200);
    await answerMany(pace, clock, 2); // t = 200
    (await pace.acquire()).refused();
    expect(pace.requestsPerWindow).toBe(5);

    const granted = await answerMany(pace, clock, 6);
    // Three slots free when the t=0 answers leave, two when the t=200 ones do, then the t=1000 ones.
    expect(granted.map((t) => t - start)).toEqual([1000, 1000, 1000, 1200, 1200, 2000]);
  });

  it('counts requests still in flight, so concurrent callers never overrun the pace', async () => {
    const { clock, pace } = paceOn();
    await answerMany(pace, clock, 2);
    (await pace.acquire()).refused();
    expect(pace.requestsPerWindow).toBe(2);

    clock.advance(WINDOW);
    const first = await pace.acquire();
    const second = await pace.acquire();
    let thirdGranted = false;
    const third = pace.acquire().then((slot) => {
      thirdGranted = true;
      return slot;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(thirdGranted).toBe(false); // both slots are in flight: nothing to wait out by the clock
    first.answered();
    second.answered();
    // The answers now fill the window: the third goes once the first of them leaves it.
    const before = clock.now();
    (await third).answered();
    expect(clock.now() - before).toBe(WINDOW);
  });

  it('relearns a lower pace at the next refusal', async () => {
    const { clock, pace } = paceOn();
    await answerMany(pace, clock, 4);
    (await pace.acquire()).refused();
    expect(pace.requestsPerWindow).toBe(4);
    clock.advance(WINDOW);
    await answerMany(pace, clock, 2);
    (await pace.acquire()).refused();
    expect(pace.requestsPerWindow).toBe(2);
  });

  it('waits a whole window when refused with nothing of ours in it', async () => {
    const { clock, pace } = paceOn();
    (await pace.acquire()).refused();
    expect(pace.waitMs()).toBe(WINDOW);
    await pace.acquire();
    expect(clock.sleeps).toEqual([WINDOW]);
    expect(pace.requestsPerWindow).toBeUndefined();
  });

  it('honours Retry-After for every caller instead of learning a pace', async () => {
    const { clock, pace } = paceOn();
    await answerMany(pace, clock, 3);
    (await pace.acquire()).refused(250);
    expect(pace.requestsPerWindow).toBeUndefined();
    expect(pace.waitMs()).toBe(250);
    const start = clock.now();
    const slots: PaceSlot[] = await Promise.all([pace.acquire(), pace.acquire()]);
    expect(clock.now() - start).toBe(250);
    expect(slots).toHaveLength(2);
  });

  it('takes only the first word of a slot', async () => {
    const { clock, pace } = paceOn();
    const slot = await pace.acquire();
    slot.answered();
    slot.refused();
    slot.answered();
    expect(pace.requestsPerWindow).toBeUndefined();
    await answerMany(pace, clock, 1);
    (await pace.acquire()).refused();
    expect(pace.requestsPerWindow).toBe(2);
  });

  it('rejects a window that is not a positive length', () => {
    const clock = virtualClock();
    expect(() => new ServerPace({ windowMs: 0, now: clock.now, sleep: clock.sleep })).toThrow(RangeError);
  });
});
