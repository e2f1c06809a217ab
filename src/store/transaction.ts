import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

export type StoreTransaction = Transaction<Database>;

/**
 * Runs `work` in one transaction: everything commits together or nothing does (a model-day's
 * rows are written this way). Do the slow part — model calls, downloads — before opening it: on
 * SQLite an open write transaction blocks every other writer, and on PostgreSQL it pins a pooled
 * connection.
 */
export function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: StoreTransaction) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(work);
}
