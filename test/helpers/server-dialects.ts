/**
 * The two databases a server runs on, for suites that must hold on both: a SQLite file in its own
 * temp dir, and a schema of its own on the test PostgreSQL (skipped, with the reason in the title,
 * when none can be had). Each `freshDatabase()` is empty and outlives any server started on it, so a
 * suite may restart a server on the same data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { createIsolatedSchema, postgresUrlForTests } from './postgres.js';
import { describeIfPostgres } from './postgres-backend.js';

export interface DialectDatabase {
  /** Environment that points a server at this database (`DATABASE_URL`). */
  env: Record<string, string>;
  dispose(): Promise<void>;
}

export interface ServerDialect {
  name: 'SQLite' | 'PostgreSQL';
  /** `describe`, or a skip naming why PostgreSQL is unavailable. */
  describe: (name: string, fn: () => void) => void;
  freshDatabase(): Promise<DialectDatabase>;
}

export async function serverDialects(): Promise<ServerDialect[]> {
  const postgresUrl = await postgresUrlForTests();
  return [
    {
      name: 'SQLite',
      describe,
      async freshDatabase() {
        const dir = mkdtempSync(join(tmpdir(), 'ai-trader-dialect-'));
        return {
          env: { DATABASE_URL: join(dir, 'test.db') },
          dispose: async () => rmSync(dir, { recursive: true, force: true }),
        };
      },
    },
    {
      name: 'PostgreSQL',
      describe: describeIfPostgres(postgresUrl),
      async freshDatabase() {
        const schema = await createIsolatedSchema(postgresUrl ?? '');
        return { env: { DATABASE_URL: schema.url }, dispose: schema.drop };
      },
    },
  ];
}
