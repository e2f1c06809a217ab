import { sql, type Kysely } from 'kysely';
import { describeDatabaseFault } from './database-faults.js';
import type { StatementObserver } from './observed-dialect.js';
import type { Database } from './schema.js';
import type { SqliteFileWatch } from './sqlite-file.js';
import { inTransaction } from './transaction.js';

export interface DatabaseStatus {
  healthy: boolean;
  /** Why it is unhealthy, in the database's own words where it has some. */
  detail?: string;
}

/**
 * What the server knows of its database's health, for /health. Reading is probed on every check; a
 * write is probed only after a statement failed with a fault, until one succeeds again: a full disk
 * or a read-only file still answers `select 1`, and writing on every health check would compete
 * with the real writers for nothing.
 */
export class DatabaseHealth implements StatementObserver {
  #lastFault: string | undefined;

  constructor(private readonly file?: SqliteFileWatch) {}

  beforeWrite(): void {
    this.file?.assertInPlace();
  }

  failed(error: unknown): void {
    const fault = describeDatabaseFault(error);
    if (fault) this.#lastFault = fault.message;
  }

  /** Reads, writes if a fault was seen since the last good write, within `timeoutMs`. */
  async check(db: Kysely<Database>, timeoutMs = 2000): Promise<DatabaseStatus> {
    const vanished = this.file?.problem();
    if (vanished !== undefined) return { healthy: false, detail: vanished };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<DatabaseStatus>((resolve) => {
      timer = setTimeout(
        () => resolve({ healthy: false, detail: `the database did not answer within ${timeoutMs} ms` }),
        timeoutMs,
      );
      timer.unref();
    });
    try {
      return await Promise.race([this.#probe(db), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #probe(db: Kysely<Database>): Promise<DatabaseStatus> {
    try {
      // One of our own tables, not `select 1`: a database re-created empty answers that too.
      await db.selectFrom('change_counters').select('version').limit(1).execute();
      if (this.#lastFault !== undefined) {
        await probeWrite(db);
        this.#lastFault = undefined;
      }
      return { healthy: true };
    } catch (error) {
      const detail =
        describeDatabaseFault(error)?.message ?? (error instanceof Error ? error.message : String(error));
      return { healthy: false, detail };
    }
  }
}

/**
 * A write that must reach the disk and changes nothing: a counter moved and moved back in one
 * transaction. (Setting a value to itself would not do: SQLite skips writing a row whose bytes are
 * unchanged, so a full disk would pass.) Readers never see the moved value.
 */
function probeWrite(db: Kysely<Database>): Promise<void> {
  return inTransaction(db, async (trx) => {
    for (const step of [1, -1]) {
      await trx
        .updateTable('change_counters')
        .set({ version: sql<number>`version + ${step}` })
        .where('name', '=', 'results')
        .execute();
    }
  });
}
