/**
 * The SQLite file behind a running server, watched for the one fault SQLite itself never reports:
 * the file deleted (or replaced) while it is open. SQLite keeps reading and writing the open file,
 * which nobody can open again, and the next start would create an empty database in its place. So
 * the server checks, before writes and in /health, that the path still names the file it opened;
 * when it no longer does, it refuses writes, saves what it has open next to the path, and the next
 * start refuses to replace it with an empty database.
 */
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DatabaseFileMissingError } from './database-faults.js';

/** `ai-trader.db` -> `ai-trader.db.rescued-2025-10-01T12-00-00Z`: where a vanished database is saved. */
export const rescuePathFor = (path: string, at: Date): string =>
  `${path}.rescued-${at
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-')}`;

function rescuedCopies(path: string): string[] {
  const dir = dirname(path);
  const prefix = `${basename(path)}.rescued-`;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.startsWith(prefix))
    .sort()
    .map((name) => join(dir, name));
}

/**
 * Before opening `path`: false when it exists; true when it does not and may be created (a first
 * run). Throws instead when the file is missing but was clearly there before: its write-ahead log is
 * left behind, or a server saved a rescued copy when the file vanished under it.
 */
export function mayCreateDatabaseFile(path: string): boolean {
  if (existsSync(path)) return false;
  const rescued = rescuedCopies(path);
  if (rescued.length > 0) {
    const latest = rescued[rescued.length - 1] as string;
    throw new Error(
      `The database file ${path} is missing. A server saved the database it had open to ${latest} ` +
        `when the file vanished while it was running. Move that file to ${path} to continue with its ` +
        `data, or move it away to start with an empty database.`,
    );
  }
  const wal = `${path}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) {
    throw new Error(
      `The database file ${path} is missing but its write-ahead log ${wal} is still there: the file ` +
        `was deleted. Refusing to create an empty database in its place: restore ${path}, or delete ` +
        `${wal} and ${path}-shm to start with an empty database.`,
    );
  }
  return true;
}

/**
 * Throws when this process cannot write `path` (a read-only file or filesystem). SQLite would open
 * it anyway, read-only, and every write would fail later with "attempt to write a readonly
 * database"; a server is better refused at once, with the reason.
 */
export function assertWritableFile(path: string): void {
  try {
    accessSync(path, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    const why =
      code === 'EROFS' ? 'it is on a read-only filesystem' : `it is read-only to this process (${code})`;
    throw new Error(
      `The database file ${path} cannot be written: ${why}. The server writes to it; make it writable and start again.`,
      { cause: error },
    );
  }
}

/** The file a connection opened, by device and inode, compared with what its path names now. */
export class SqliteFileWatch {
  readonly #dev: number;
  readonly #ino: number;
  #reported = false;

  /**
   * Call right after opening `path`. `onVanished` runs once, the first time the file is found
   * missing or replaced (the caller saves the data it still has open).
   */
  constructor(
    readonly path: string,
    private readonly onVanished: (problem: string) => void,
  ) {
    const opened = statSync(path);
    this.#dev = opened.dev;
    this.#ino = opened.ino;
  }

  /** Why the path no longer names the open file, or undefined while it does. */
  problem(): string | undefined {
    let now: ReturnType<typeof statSync>;
    try {
      now = statSync(this.path, { throwIfNoEntry: false });
    } catch {
      // The path cannot be looked at (a directory's permissions changed): that says nothing about
      // the file, and refusing writes on a guess would be a fault of our own making.
      return undefined;
    }
    if (now && now.dev === this.#dev && now.ino === this.#ino) return undefined;
    const what = now ? 'replaced by another file' : 'deleted';
    const problem =
      `the database file ${this.path} was ${what} while the server was running; writes are refused ` +
      `(they would go to a file nobody can open again): restart the server once the file is restored`;
    if (!this.#reported) {
      this.#reported = true;
      this.onVanished(problem);
    }
    return problem;
  }

  /** Throws `DatabaseFileMissingError` when the path no longer names the open file. */
  assertInPlace(): void {
    const problem = this.problem();
    if (problem !== undefined) throw new DatabaseFileMissingError(problem);
  }
}
