/**
 * Lets the event loop run pending I/O (HTTP requests, signals, timers) before continuing. A model
 * that answers at once (a DEV mock, a cassette replay) and a synchronous SQLite driver would
 * otherwise keep a whole job in microtasks, and the server would answer nothing until it ended.
 * Measured (bench/fairness, bench/engine): a turn per agent step costs no throughput we can see,
 * while yielding only every few milliseconds tripled the p99 of reads during a job.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
