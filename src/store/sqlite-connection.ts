import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect, type SqliteDatabase } from 'kysely';

export const IN_MEMORY = ':memory:';

/**
 * Opens a SQLite file tuned for one writer and many readers: WAL lets the API read while a run
 * writes, and the busy timeout makes a second process wait for the lock instead of failing.
 */
export function openSqliteFile(path: string): BetterSqlite3.Database {
  let connection: BetterSqlite3.Database | undefined;
  try {
    if (path !== IN_MEMORY) mkdirSync(dirname(path), { recursive: true });
    connection = new BetterSqlite3(path);
    connection.pragma('journal_mode = WAL');
    connection.pragma('busy_timeout = 5000');
    // SQLite leaves foreign keys off per connection unless asked; cascades depend on them.
    connection.pragma('foreign_keys = ON');
    // Safe with WAL (a crash may lose the last commits, never corrupt the file) and much faster than FULL.
    connection.pragma('synchronous = NORMAL');
    return connection;
  } catch (error) {
    connection?.close();
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot open SQLite database ${path}: ${detail}`, { cause: error });
  }
}

/** Prepared statements kept per SQL text; Kysely prepares on every query, which costs more than running it. */
const STATEMENT_CACHE_SIZE = 256;

/** Hands Kysely a connection whose `prepare` reuses statements (least recently used ones are dropped). */
export function withStatementCache(connection: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => connection.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = connection.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

export function createSqliteDialect(connection: BetterSqlite3.Database): SqliteDialect {
  return new SqliteDialect({ database: withStatementCache(connection) });
}
