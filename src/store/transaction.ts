import type { ControlledTransaction, Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

export type StoreTransaction = Transaction<Database>;

/**
 * Runs `work` in one transaction: everything commits together or nothing does (a model-day's
 * rows are written this way). Do the slow part — model calls, downloads — before opening it: on
 * SQLite an open write transaction blocks every other writer, and on PostgreSQL it pins a pooled
 * connection.
 *
 * A controlled transaction rather than `db.transaction().execute()`, for the error it reports: when
 * a statement or the COMMIT fails because the disk is full or the connection died, the database has
 * usually rolled back already, and Kysely's own rollback would then fail and replace the real cause
 * ("database or disk is full") with its own ("cannot rollback - no transaction is active").
 */
export async function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: StoreTransaction) => Promise<T>,
): Promise<T> {
  const trx = await db.startTransaction().execute();
  let result: T;
  try {
    result = await work(trx);
    await trx.commit().execute();
  } catch (error) {
    await rollbackKeepingCause(trx);
    throw error;
  }
  return result;
}

/**
 * Rolls back after a failure, and lets the failure be what the caller sees: a rollback that fails
 * too only says the database (or the connection) already ended the transaction. Kysely releases the
 * connection either way, and discards a broken PostgreSQL one.
 */
async function rollbackKeepingCause(trx: ControlledTransaction<Database>): Promise<void> {
  if (trx.isCommitted || trx.isRolledBack) return;
  await trx
    .rollback()
    .execute()
    .catch(() => undefined);
}
