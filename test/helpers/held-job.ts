/**
 * The opening and the checks the fault tests share: a server process with a job whose model-day is
 * held in the middle (so the fault lands while work is in flight), waits on log lines, and the
 * database's invariants read from outside the process.
 */
import { openDatabase } from '../../src/store/open-database.js';
import type { Json } from './http-server.js';
import { checkInvariants } from './invariants.js';
import {
  gate,
  heldOn,
  startServerProcess,
  type Answer,
  type Gate,
  type ServerProcess,
  type ServerProcessOptions,
} from './server-process.js';

export interface HeldJobOptions extends Omit<ServerProcessOptions, 'models' | 'scripts'> {
  /** The day whose first LLM call waits for `release` (default 2025-10-02). */
  heldDate?: string;
  /** The job runs alpha from 2025-10-01 to this date (default 2025-10-03). */
  endDate?: string;
}

export interface HeldJob {
  server: ServerProcess;
  jobId: string;
  trigger: Answer;
  /** Opened by the test once its fault is in place: the held day goes on. */
  release: Gate;
}

/**
 * Starts the server with one model, alpha, triggers a job and returns once the held day has reached
 * the LLM, the days before it committed. On any failure meanwhile the process is closed, as the
 * test's own cleanup never learns of it.
 */
export async function startHeldJob(options: HeldJobOptions): Promise<HeldJob> {
  const { heldDate = '2025-10-02', endDate = '2025-10-03', ...serverOptions } = options;
  const release = gate();
  const held = heldOn(heldDate, release);
  let arrived = false;
  void held.arrived.promise.then(() => (arrived = true));
  const server = await startServerProcess({ ...serverOptions, scripts: { alpha: held.handler } });
  try {
    const trigger = await server.trigger({ start_date: '2025-10-01', end_date: endDate, models: ['alpha'] });
    if (trigger.status !== 200) {
      throw new Error(`trigger answered ${trigger.status}: ${JSON.stringify(trigger.body)}`);
    }
    await server.until(
      `the model-day of ${heldDate} to be held`,
      async () => (arrived ? true : undefined),
      60_000,
    );
    return { server, jobId: trigger.body.job_id as string, trigger, release };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** Waits until the server has logged a line with this `msg`. */
export function untilLogged(server: ServerProcess, msg: string): Promise<true> {
  return server.until(`the log line "${msg}"`, async () =>
    server.logs().some((l) => l.msg === msg) ? true : undefined,
  );
}

/** The job status carries the warning a server restart leaves on the jobs it interrupted. */
export const interruptedByRestart = (status: Json): boolean =>
  (status.warnings as string[]).some((w) => w.startsWith('Job interrupted by a server restart'));

/** The invariants of docs/reliability.md, read straight from the database at `url` (empty when all hold). */
export async function invariantViolationsAt(url: string): Promise<string[]> {
  const opened = await openDatabase(url);
  try {
    return await checkInvariants(opened.db, { initialCash: 10_000 });
  } finally {
    await opened.close();
  }
}
