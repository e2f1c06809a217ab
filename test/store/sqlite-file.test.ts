/**
 * A start never creates an empty SQLite database where one was deleted: a first run creates the
 * file (and says so), a missing file with its write-ahead log or a rescued copy left behind is refused.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/open-database.js';
import { rescuePathFor } from '../../src/store/sqlite-file.js';

describe('opening a SQLite file', () => {
  let dir: string;
  let path: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ai-trader-file-'));
    path = join(dir, 'data', 'trader.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates it on a first run and says so, and opens it as it is afterwards', async () => {
    const first = await openDatabase(path);
    expect(first.created).toBe(true);
    await first.close();
    const again = await openDatabase(path);
    expect(again.created).toBe(false);
    await again.close();
  });

  it('refuses to replace a deleted file whose write-ahead log is still there', async () => {
    const db = await openDatabase(path);
    await db.db
      .insertInto('change_counters')
      .values({ name: 'results', version: 1 })
      .execute()
      .catch(() => undefined);
    // A copy of the WAL as a crash leaves it (a clean close folds it into the file and deletes it).
    copyFileSync(`${path}-wal`, `${path}-wal.kept`);
    await db.close();
    rmSync(path);
    copyFileSync(`${path}-wal.kept`, `${path}-wal`);
    await expect(openDatabase(path)).rejects.toThrow(
      `The database file ${path} is missing but its write-ahead log ${path}-wal is still there`,
    );
  });

  it('refuses to start empty where a server saved a vanished database, and names the copy', async () => {
    const rescued = rescuePathFor(path, new Date('2025-10-01T12:00:00.123Z'));
    expect(rescued).toBe(`${path}.rescued-2025-10-01T12-00-00Z`);
    await (await openDatabase(path)).close();
    rmSync(path);
    writeFileSync(rescued, '');
    await expect(openDatabase(path)).rejects.toThrow(`A server saved the database it had open to ${rescued}`);
  });
});
