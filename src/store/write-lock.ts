import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import { inTransaction } from './transaction.js';

/** Any constant: the key of the advisory lock that serialises check-then-write sections on PostgreSQL. */
const PG_WRITE_LOCK_KEY = 7_243_001;

/**
 * Runs `work` in a transaction that holds the database's write lock from its first statement, so a
 * read-check-insert cannot interleave with another one (the active-job check is the example). SQLite
 * takes its writer lock at `BEGIN IMMEDIATE`; PostgreSQL takes a transaction-scoped advisory lock.
 * When `work` or the COMMIT fails, the caller gets that failure, never the rollback's (see
 * `inTransaction`).
 */
export async function withWriteLock<T>(
  db: Kysely<Database>,
  kind: 'sqlite' | 'postgres',
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (kind === 'postgres') {
    return inTransaction(db, async (trx) => {
      await sql`select pg_advisory_xact_lock(${PG_WRITE_LOCK_KEY})`.execute(trx);
      return work(trx);
    });
  }
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    let result: T;
    try {
      result = await work(conn);
      await sql`commit`.execute(conn);
    } catch (error) {
      // SQLite ends the transaction itself after some failures (a full disk, an I/O error), and
      // then "cannot rollback - no transaction is active" would hide the real cause.
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
    return result;
  });
}

/**
 * Runs `work` in a transaction that writes: on SQLite one that takes the writer lock at `BEGIN
 * IMMEDIATE`, so another process's write in the meantime makes it wait (the busy timeout) instead of
 * failing at once as a deferred transaction upgraded mid-way would; on PostgreSQL a plain transaction,
 * whose row locks (`FOR UPDATE SKIP LOCKED`) keep concurrent claims apart without a global lock.
 */
export function inWriteTransaction<T>(
  db: Kysely<Database>,
  kind: 'sqlite' | 'postgres',
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return kind === 'postgres' ? inTransaction(db, work) : withWriteLock(db, kind, work);
}
