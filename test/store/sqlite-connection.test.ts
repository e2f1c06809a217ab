import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src/store/open-database.js';

describe('SQLite connection', () => {
  let dir: string;
  const opened: OpenDatabase[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ai-trader-sqlite-'));
  });

  afterEach(async () => {
    for (const handle of opened.splice(0)) await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(url: string | undefined, defaultPath?: string): Promise<OpenDatabase> {
    const handle = await openDatabase(url, { defaultPath });
    opened.push(handle);
    return handle;
  }

  async function pragma(handle: OpenDatabase, name: string): Promise<unknown> {
    const result = await sql<Record<string, unknown>>`pragma ${sql.raw(name)}`.execute(handle.db);
    return Object.values(result.rows[0] ?? {})[0];
  }

  it('turns on WAL, foreign keys, a busy timeout and NORMAL sync', async () => {
    const handle = await open(`sqlite:${join(dir, 'trader.db')}`);
    expect(handle.kind).toBe('sqlite');
    expect(await pragma(handle, 'journal_mode')).toBe('wal');
    expect(await pragma(handle, 'foreign_keys')).toBe(1);
    expect(await pragma(handle, 'busy_timeout')).toBe(5000);
    expect(await pragma(handle, 'synchronous')).toBe(1);
  });

  it('creates missing parent directories of the file', async () => {
    const path = join(dir, 'nested', 'deeper', 'trader.db');
    await open(path);
    expect(existsSync(path)).toBe(true);
  });

  it('opens the default path when no URL is given', async () => {
    const path = join(dir, 'dev', 'ai-trader-dev.db');
    await open(undefined, path);
    expect(existsSync(path)).toBe(true);
  });

  it('works in memory', async () => {
    const handle = await open(':memory:');
    const jobs = await handle.db.selectFrom('jobs').selectAll().execute();
    expect(jobs).toEqual([]);
  });

  it('names the file when it is not a database', async () => {
    const path = join(dir, 'not-a-db.db');
    writeFileSync(path, 'this is not sqlite '.repeat(100));
    await expect(open(path)).rejects.toThrow(`Cannot open SQLite database ${path}: file is not a database`);
  });
});
