import { describe } from 'vitest';
import type { StoreBackend } from '../store/store-backend.js';
import { createIsolatedSchema, POSTGRES_UNAVAILABLE_REASON, postgresUrlForTests } from './postgres.js';

type Describe = (name: string, fn: () => void) => void;

/**
 * `onPostgres` (plain `describe` by default) when PostgreSQL is reachable at `baseUrl`; otherwise a
 * `describe.skip` that puts the reason in the title.
 */
export function describeIfPostgres(baseUrl: string | null, onPostgres: Describe = describe): Describe {
  return baseUrl === null
    ? (name, fn) => describe.skip(`${name} [${POSTGRES_UNAVAILABLE_REASON}]`, fn)
    : onPostgres;
}

/** A schema per test on `baseUrl`, so each test starts from an empty database, as on a new SQLite file. */
export function schemaPerTestBackend(baseUrl: string): StoreBackend {
  return {
    async freshDatabase() {
      const isolated = await createIsolatedSchema(baseUrl);
      return { url: isolated.url, dispose: isolated.drop };
    },
  };
}

/**
 * Registers the suites that `define` adds for a `StoreBackend` under `describe(name)` on the test
 * PostgreSQL, one schema per test. Without a reachable server it warns and registers them skipped,
 * with the reason in the title.
 */
export async function describeStoreOnPostgres(
  name: string,
  define: (backend: StoreBackend) => void,
): Promise<void> {
  const baseUrl = await postgresUrlForTests();
  if (baseUrl === null) console.warn(POSTGRES_UNAVAILABLE_REASON);
  const backend: StoreBackend =
    baseUrl === null
      ? { freshDatabase: () => Promise.reject(new Error(POSTGRES_UNAVAILABLE_REASON)) }
      : schemaPerTestBackend(baseUrl);
  describeIfPostgres(baseUrl)(name, () => define(backend));
}
