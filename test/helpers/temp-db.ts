import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type OpenDatabase } from '../../src/store/open-database.js';

/** A fresh, migrated SQLite database in its own temp dir; `dispose` closes and deletes it. */
export async function openTempSqlite(): Promise<
  OpenDatabase & { dir: string; path: string; dispose(): Promise<void> }
> {
  const dir = mkdtempSync(join(tmpdir(), 'ai-trader-test-'));
  const path = join(dir, 'test.db');
  const opened = await openDatabase(path);
  return {
    ...opened,
    dir,
    path,
    async dispose() {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
