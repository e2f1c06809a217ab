/**
 * Lets the event loop run pending I/O (HTTP requests, signals, timers) before continuing. A model
 * that answers at once (a DEV mock, a cassette replay) and a synchronous SQLite driver would
 * otherwise keep a whole job in microtasks, and the server would answer nothing until it ended.
 *
 * The tasks that yield take turns: one of them goes on per turn of the event loop, with the loop's
 * I/O between every two. Plain `setImmediate` let all of them go on in the same turn (Node runs every
 * queued immediate before it polls again), so with six model-days in flight a request waited for six
 * agent steps and their commits. Measured with `bench/fairness`: see docs/reliability.md.
 */
const waiting: Array<() => void> = [];
let turnScheduled = false;
/** When the latest turn began: what it resumed has held the loop since then, as has what followed it. */
let turnStartedAt = Number.NEGATIVE_INFINITY;

function scheduleTurn(): void {
  if (turnScheduled) return;
  turnScheduled = true;
  setImmediate(takeTurn);
}

function takeTurn(): void {
  turnScheduled = false;
  turnStartedAt = performance.now();
  waiting.shift()?.();
  // Scheduled from within this turn's immediates, so it runs after the loop's next poll for I/O.
  if (waiting.length > 0) scheduleTurn();
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    scheduleTurn();
  });
}

/**
 * For work nobody waits on (the job worker's statements): goes on at once while the latest turn is
 * younger than `sliceMs`, and otherwise waits for a turn of its own, as `yieldToEventLoop`. So a
 * long chain of synchronous SQLite statements, which Kysely runs back to back in microtasks, holds
 * the loop for about `sliceMs` at a time instead of until it ends. Work started by I/O or a timer
 * has no turn yet (the latest one is old by then): its first statement waits for one.
 */
export function yieldIfTurnIsOld(sliceMs: number): Promise<void> | undefined {
  return performance.now() - turnStartedAt < sliceMs ? undefined : yieldToEventLoop();
}
