import { Kysely, type Dialect } from 'kysely';
import { parseDatabaseUrl } from './database-url.js';
import { DatabaseHealth, type DatabaseStatus } from './database-health.js';
import { migrateToLatest } from './migrations/migrations.js';
import { observedDialect } from './observed-dialect.js';
import { createPostgresDialect } from './postgres-connection.js';
import type { Database } from './schema.js';
import { assertWritableFile, mayCreateDatabaseFile, rescuePathFor, SqliteFileWatch } from './sqlite-file.js';
import { createSqliteDialect, IN_MEMORY, openSqliteFile } from './sqlite-connection.js';
import type BetterSqlite3 from 'better-sqlite3';
import { yieldIfTurnIsOld } from '../simulation/event-loop.js';
import { SharedDriver } from './shared-driver.js';
import { WalCheckpoints } from './wal-checkpoints.js';

/**
 * How long the background's statements may hold the event loop before they let it serve requests
 * (measured by `npm run bench -- trigger`: a trigger answers within a few ms while the worker prepares
 * and runs jobs on the same loop).
 */
export const BACKGROUND_SLICE_MS = 1;

/** How many price rows a background read takes at once: about a millisecond of SQLite's time. */
export const BACKGROUND_ROWS_PER_READ = 2000;

export interface OpenDatabase {
  db: Kysely<Database>;
  /**
   * The same database for work no request waits on (the job worker): on SQLite each of its
   * statements outside a transaction first lets the event loop serve what arrived once the loop has
   * been busy a while (see `BACKGROUND_SLICE_MS`), so requests are not held up behind a worker's
   * long chain of synchronous statements. On PostgreSQL statements wait on the network anyway: `db`.
   */
  background: Kysely<Database>;
  kind: 'sqlite' | 'postgres';
  /** True when this open created the SQLite file (a first run). */
  created: boolean;
  /** Can the database be read, and written if writes failed lately (see `DatabaseHealth`). */
  check(timeoutMs?: number): Promise<DatabaseStatus>;
  close(): Promise<void>;
}

/** Where the store reports what it notices on its own: broken connections, a vanished file. */
export interface DatabaseLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface OpenDatabaseOptions {
  /** SQLite file used when `url` is unset or blank. */
  defaultPath?: string;
  log?: DatabaseLog;
  now?: () => Date;
  /** Refuse a SQLite file this process cannot write (a server must; `data coverage` need not). */
  requireWritable?: boolean;
  /**
   * Run a SQLite file's WAL checkpoints in a thread of their own rather than in the commit that
   * fills the log (see `WalCheckpoints`): for a process that answers requests while it writes.
   */
  checkpointInThread?: boolean;
}

/**
 * Connects to the database `url` names (see `parseDatabaseUrl`) and migrates it to the latest schema.
 * A SQLite file is created only where none was before (see `mayCreateDatabaseFile`), and watched
 * while open (see `SqliteFileWatch`).
 */
export async function openDatabase(
  url: string | undefined,
  opts: OpenDatabaseOptions = {},
): Promise<OpenDatabase> {
  const target = parseDatabaseUrl(url, opts.defaultPath);
  // Filled in once the Kysely instance exists: a vanished file's rescue waits for a free connection.
  const opened: { db?: Kysely<Database> } = {};
  let dialect: Dialect;
  let health: DatabaseHealth;
  let created = false;
  let checkpoints: WalCheckpoints | undefined;
  if (target.kind === 'postgres') {
    dialect = createPostgresDialect(target.url, {
      onConnectionError: (error) =>
        opts.log?.warn({ err: error.message }, 'PostgreSQL connection lost; the next query reconnects'),
    });
    health = new DatabaseHealth();
  } else {
    const file = target.path !== IN_MEMORY;
    created = file && mayCreateDatabaseFile(target.path);
    const connection = openSqliteFile(target.path);
    if (file && opts.requireWritable) {
      try {
        assertWritableFile(target.path);
      } catch (error) {
        connection.close();
        throw error;
      }
    }
    const now = opts.now ?? (() => new Date());
    const watch = file
      ? new SqliteFileWatch(target.path, (problem) => {
          opts.log?.error({ path: target.path }, problem);
          void rescue(connection, target.path, now(), opened, opts.log);
        })
      : undefined;
    dialect = createSqliteDialect(connection);
    health = new DatabaseHealth(watch);
    if (watch && opts.checkpointInThread) {
      checkpoints = new WalCheckpoints(connection, target.path, {
        inPlace: () => watch.problem() === undefined,
        ...(opts.log ? { log: opts.log } : {}),
      });
    }
  }
  const observed = observedDialect(dialect, health);
  const shared = new SharedDriver(observed.createDriver());
  const db = new Kysely<Database>({ dialect: shared.dialect(observed, { owner: true }) });
  const background =
    target.kind === 'sqlite'
      ? new Kysely<Database>({
          dialect: shared.dialect(observed, {
            owner: false,
            beforeAcquire: () => yieldIfTurnIsOld(BACKGROUND_SLICE_MS),
          }),
        })
      : db;
  opened.db = db;
  // The checkpoint thread's connection goes first, so the last to close (ours) ends the log.
  const close = async (): Promise<void> => {
    await checkpoints?.close();
    await db.destroy();
  };
  try {
    await migrateToLatest(db, target.kind);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    db,
    background,
    kind: target.kind,
    created,
    check: (timeoutMs) => health.check(db, timeoutMs),
    close,
  };
}

/**
 * Saves the database a connection still has open after its file vanished, next to where the file
 * was, so the data outlives this process (the next start names the copy and refuses to begin
 * empty). Waits for the connection to be free: VACUUM INTO cannot run inside a transaction.
 */
async function rescue(
  connection: BetterSqlite3.Database,
  path: string,
  at: Date,
  opened: { db?: Kysely<Database> },
  log: DatabaseLog | undefined,
): Promise<void> {
  const target = rescuePathFor(path, at);
  try {
    await new Promise((resolve) => setImmediate(resolve));
    const save = (): void => void connection.prepare('vacuum into ?').run(target);
    if (opened.db) await opened.db.connection().execute(async () => save());
    else save();
    log?.error({ path, rescued: target }, `saved the open database to ${target}`);
  } catch (error) {
    log?.error(
      { path, rescued: target, err: error instanceof Error ? error.message : String(error) },
      'could not save the open database',
    );
  }
}
