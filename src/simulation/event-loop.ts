/**
 * Lets the event loop run pending I/O (HTTP requests, signals, timers) before continuing. A model
 * that answers at once (a DEV mock, a cassette replay) and a synchronous SQLite driver would
 * otherwise keep a whole job in microtasks, and the server would answer nothing until it ended.
 */

/** Longest stretch of work between two turns of the event loop; a turn costs tens of microseconds. */
const SLICE_MS = 5;
let sliceStarted = performance.now();

/** Yields when the current slice of work has run long enough; otherwise goes straight on. */
export async function yieldToEventLoop(): Promise<void> {
  if (performance.now() - sliceStarted < SLICE_MS) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  sliceStarted = performance.now();
}
