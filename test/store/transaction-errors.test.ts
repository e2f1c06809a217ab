/**
 * A transaction that fails because the database is full must report "database or disk is full",
 * not the failed rollback after it ("cannot rollback - no transaction is active"): SQLite rolls
 * back on its own after such a failure, so the rollback that follows has nothing left to undo.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/store/transaction.js';
import { withWriteLock } from '../../src/store/write-lock.js';
import { openTempSqlite } from '../helpers/temp-db.js';

describe('transactions on a SQLite database that is full', () => {
  let db: Awaited<ReturnType<typeof openTempSqlite>>;

  beforeEach(async () => {
    db = await openTempSqlite();
    await sql`create table filler (payload blob)`.execute(db.db);
    // SQLite's own size cap: past it, writes fail exactly as on a full disk (SQLITE_FULL).
    const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(db.db);
    await sql.raw(`pragma max_page_count = ${(rows[0]?.page_count ?? 0) + 4}`).execute(db.db);
  });
  afterEach(async () => {
    await db.dispose();
  });

  const fill = (trx: typeof db.db): Promise<unknown> =>
    sql`insert into filler (payload) values (randomblob(200000))`.execute(trx);

  it('inTransaction reports the write that failed', async () => {
    await expect(inTransaction(db.db, fill)).rejects.toThrow('database or disk is full');
    // The connection is usable afterwards: nothing was left open.
    await expect(sql`select count(*) as n from filler`.execute(db.db)).resolves.toMatchObject({
      rows: [{ n: 0 }],
    });
  });

  it('withWriteLock reports the write that failed', async () => {
    await expect(withWriteLock(db.db, 'sqlite', fill)).rejects.toThrow('database or disk is full');
    await expect(withWriteLock(db.db, 'sqlite', async () => 'free')).resolves.toBe('free');
  });
});
