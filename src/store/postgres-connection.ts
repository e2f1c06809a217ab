import pg from 'pg';
import { PostgresDialect } from 'kysely';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

let parsersInstalled = false;

/**
 * pg returns bigint and numeric as strings to avoid precision loss; our counts and sums fit in a
 * double, and SQLite returns numbers, so both backends must hand callers the same type.
 * The parsers are process-wide in pg, hence installed once.
 */
function installNumberParsers(): void {
  if (parsersInstalled) return;
  pg.types.setTypeParser(INT8_OID, (value: string) => Number(value));
  pg.types.setTypeParser(NUMERIC_OID, (value: string) => Number(value));
  parsersInstalled = true;
}

export interface PostgresDialectOptions {
  /** Upper bound on pooled connections. */
  maxConnections?: number;
  /** Told when a pooled connection breaks, idle or in use (the server restarted, a failover). */
  onConnectionError?: (error: Error) => void;
}

export function createPostgresDialect(url: string, options: PostgresDialectOptions = {}): PostgresDialect {
  installNumberParsers();
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    // pg waits forever by default; an unreachable server should fail startup instead of hanging it.
    connectionTimeoutMillis: 10_000,
  });
  // A connection whose server went away (pg_terminate_backend, a restart, a failover) emits 'error',
  // and an 'error' event nobody listens to ends the process. The pool listens only while a
  // connection is idle; while it is checked out, nobody does. So every connection gets a listener of
  // its own for its whole life: the query in flight fails with the cause (and is retried or reported
  // by its caller), the broken connection is dropped when released, and the next query opens a new one.
  const reported = new WeakSet<pg.PoolClient>();
  const report = (client: pg.PoolClient, error: Error): void => {
    if (reported.has(client)) return; // a dying connection often says so twice (the error, then the close)
    reported.add(client);
    options.onConnectionError?.(error);
  };
  pool.on('connect', (client) => client.on('error', (error) => report(client, error)));
  pool.on('error', (error, client) => report(client, error));
  return new PostgresDialect({ pool });
}
