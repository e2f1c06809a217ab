/**
 * A server's SQLite checkpoints run in a thread of their own (`checkpointInThread`), never inside a
 * commit on the event loop: the commits leave the log alone, and the thread copies it into the
 * database file once it has grown. Other openers keep SQLite's own checkpoints at commits.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src/store/open-database.js';
import { until } from '../helpers/until.js';

describe('WAL checkpoints', () => {
  const dirs: string[] = [];
  const opened: OpenDatabase[] = [];
  afterEach(async () => {
    for (const database of opened.splice(0)) await database.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function open(checkpointInThread: boolean): Promise<{ database: OpenDatabase; path: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'ai-trader-wal-'));
    dirs.push(dir);
    const path = join(dir, 'test.db');
    const database = await openDatabase(path, { checkpointInThread });
    opened.push(database);
    return { database, path };
  }

  async function autocheckpointPages(database: OpenDatabase): Promise<number> {
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(
      database.db,
    );
    return Number(rows[0]?.wal_autocheckpoint);
  }

  it('checkpoints a server database in its thread once the log has grown, not at commits', async () => {
    const { database, path } = await open(true);
    expect(await autocheckpointPages(database)).toBe(0);
    await sql`create table t (v text)`.execute(database.db);
    const before = statSync(path).size;
    // About 6 MB of log, committed a row at a time: past the 4 MB from which the thread checkpoints.
    const row = 'x'.repeat(3000);
    for (let i = 0; i < 2000; i++) await sql`insert into t (v) values (${row})`.execute(database.db);
    await until('the log copied into the database file', async () =>
      statSync(path).size > before + 4_000_000 ? true : undefined,
    );
    const { rows } = await sql<{ n: number }>`select count(*) as n from t`.execute(database.db);
    expect(Number(rows[0]?.n)).toBe(2000);

    await database.close();
    opened.splice(opened.indexOf(database), 1);
    // The last connection to close (the server's own, after the thread's) ends the log.
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('leaves the checkpoints at commits, as SQLite does, for other openers', async () => {
    const { database } = await open(false);
    expect(await autocheckpointPages(database)).toBe(1000);
  });
});
