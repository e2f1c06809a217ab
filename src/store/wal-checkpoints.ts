/**
 * SQLite's write-ahead log checkpoints, run in a worker thread on a connection of its own instead of
 * inside whichever commit fills the log. better-sqlite3 is synchronous, so a checkpoint SQLite runs
 * at a commit (copying about 1000 pages into the database and syncing it) held the event loop for
 * 25-40 ms on this machine, and every request waited. A PASSIVE checkpoint never waits for, nor
 * blocks, this process's reads and writes: it copies what it can.
 */
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/** From this size of the log on, checkpoints run (SQLite's own default: 1000 pages of 4 KiB). */
const CHECKPOINT_FROM_BYTES = 1000 * 4096;
/** How often the log's size is looked at, and then a checkpoint is asked for. */
const LOOK_EVERY_MS = 1000;
/** What SQLite checkpoints at again on the main connection if the thread fails: its default. */
const AUTOCHECKPOINT_PAGES = 1000;

// CommonJS in an eval'd worker: it runs the same under tsx and from the compiled dist.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String((error && error.message) || error) });
  }
});
`;

export interface WalCheckpointOptions {
  /** Whether the path still names the file the connection opened (see `SqliteFileWatch`). */
  inPlace: () => boolean;
  log?: { warn(details: object, message: string): void };
}

export class WalCheckpoints {
  readonly #timer: NodeJS.Timeout;
  #worker: Worker | undefined;
  #answer: ((outcome: { ok: boolean; error?: string }) => void) | undefined;
  #looking = false;
  #stopped = false;
  #lastError: string | undefined;

  /** Takes over the checkpoints of `connection`, open on the file `path`. */
  constructor(
    private readonly connection: BetterSqlite3.Database,
    private readonly path: string,
    private readonly options: WalCheckpointOptions,
  ) {
    connection.pragma('wal_autocheckpoint = 0');
    this.#timer = setInterval(() => void this.#look(), LOOK_EVERY_MS);
    this.#timer.unref();
  }

  /** Stops checkpointing; the connection's own close checkpoints what is left. */
  async close(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    const worker = this.#worker;
    this.#worker = undefined;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // Unreferenced while it runs (it must not keep a process alive), but waited for now.
    worker.ref();
    worker.postMessage('close');
    await exited;
  }

  async #look(): Promise<void> {
    if (this.#looking || this.#stopped) return;
    this.#looking = true;
    try {
      // The thread starts once the log is big enough to need it: most databases (tests, CLI runs) never do.
      if (!this.#worker) {
        const size = (await stat(`${this.path}-wal`).catch(() => undefined))?.size ?? 0;
        if (size < CHECKPOINT_FROM_BYTES || this.#stopped || !this.options.inPlace()) return;
        this.#worker = this.#start();
      }
      const outcome = await new Promise<{ ok: boolean; error?: string }>((resolve) => {
        this.#answer = resolve;
        this.#worker?.postMessage('checkpoint');
      });
      // Said once per cause (a full disk fails every second until it is freed).
      if (!outcome.ok && outcome.error !== this.#lastError)
        this.options.log?.warn({ err: outcome.error }, 'WAL checkpoint failed; retrying');
      this.#lastError = outcome.ok ? undefined : outcome.error;
    } finally {
      this.#looking = false;
    }
  }

  #start(): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // Plain Node: the thread needs no TypeScript loader.
      execArgv: [],
      workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), path: this.path },
    });
    worker.unref();
    worker.on('message', (outcome: { ok: boolean; error?: string }) => {
      const answer = this.#answer;
      this.#answer = undefined;
      answer?.(outcome);
    });
    worker.on('error', (error) => this.#lost(error.message));
    worker.on('exit', () => this.#lost('the checkpoint thread exited'));
    return worker;
  }

  /** The thread is gone: SQLite checkpoints at commits again, as it does by default. */
  #lost(reason: string): void {
    this.#answer?.({ ok: false, error: reason });
    this.#answer = undefined;
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#worker = undefined;
    if (this.connection.open) this.connection.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    this.options.log?.warn({ err: reason }, 'WAL checkpoints run at commits again');
  }
}
