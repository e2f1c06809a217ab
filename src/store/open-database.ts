import { Kysely } from 'kysely';
import { parseDatabaseUrl } from './database-url.js';
import { migrateToLatest } from './migrations/migrations.js';
import { createPostgresDialect } from './postgres-connection.js';
import type { Database } from './schema.js';
import { createSqliteDialect } from './sqlite-connection.js';

export interface OpenDatabase {
  db: Kysely<Database>;
  kind: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** SQLite file used when `url` is unset or blank. */
  defaultPath?: string;
}

/** Connects to the database `url` names (see `parseDatabaseUrl`) and migrates it to the latest schema. */
export async function openDatabase(
  url: string | undefined,
  opts: OpenDatabaseOptions = {},
): Promise<OpenDatabase> {
  const target = parseDatabaseUrl(url, opts.defaultPath);
  const dialect =
    target.kind === 'sqlite' ? createSqliteDialect(target.path) : createPostgresDialect(target.url);
  const db = new Kysely<Database>({ dialect });
  try {
    await migrateToLatest(db, target.kind);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, kind: target.kind, close: () => db.destroy() };
}
