import type { Kysely } from 'kysely';
import { afterEach, beforeEach } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src/store/open-database.js';
import type { Database } from '../../src/store/schema.js';

/** Hands out an empty database per test and disposes of it afterwards. */
export interface StoreBackend {
  freshDatabase(): Promise<{ url: string; dispose(): Promise<void> }>;
}

export interface FreshDatabase {
  /** URL of this test's database. */
  url(): string;
  /** Opens (and migrates) this test's database; closed after the test. */
  open(): Promise<Kysely<Database>>;
  /** Closes every handle opened so far, then opens again. */
  reopen(): Promise<Kysely<Database>>;
  /** Registers handles opened directly with `openDatabase`, so they are closed too. */
  track(...handles: OpenDatabase[]): void;
}

/** Gives each test of the enclosing `describe` its own empty database. */
export function useFreshDatabase(backend: StoreBackend): FreshDatabase {
  let target: { url: string; dispose(): Promise<void> } | undefined;
  const opened: OpenDatabase[] = [];

  beforeEach(async () => {
    target = await backend.freshDatabase();
  });

  afterEach(async () => {
    for (const handle of opened.splice(0)) await handle.close();
    await target?.dispose();
    target = undefined;
  });

  function url(): string {
    if (target === undefined) throw new Error('no database outside a test');
    return target.url;
  }

  async function open(): Promise<Kysely<Database>> {
    const handle = await openDatabase(url());
    opened.push(handle);
    return handle.db;
  }

  return {
    url,
    open,
    async reopen() {
      for (const handle of opened.splice(0)) await handle.close();
      return open();
    },
    track(...handles) {
      opened.push(...handles);
    },
  };
}
