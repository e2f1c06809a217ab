/**
 * A clock that moves only when someone sleeps on it (or a test advances it), so code that paces
 * itself by time can be tested without waiting. Concurrent sleeps overlap as they would in real
 * time: two 10 ms sleeps started together end together, 10 ms later.
 */
export interface VirtualClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  advance(ms: number): void;
  /** Every sleep asked for, in order. */
  readonly sleeps: readonly number[];
}

export function virtualClock(start = 1_000_000): VirtualClock {
  let time = start;
  const sleeps: number[] = [];
  return {
    now: () => time,
    async sleep(ms) {
      sleeps.push(ms);
      const wakeAt = time + Math.max(0, ms);
      await Promise.resolve();
      time = Math.max(time, wakeAt);
    },
    advance(ms) {
      time += ms;
    },
    sleeps,
  };
}
