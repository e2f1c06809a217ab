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
  /** Told about errors of idle pooled connections (e.g. the server restarted). */
  onIdleError?: (error: Error) => void;
}

export function createPostgresDialect(url: string, options: PostgresDialectOptions = {}): PostgresDialect {
  installNumberParsers();
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    // pg waits forever by default; an unreachable server should fail startup instead of hanging it.
    connectionTimeoutMillis: 10_000,
  });
  // An unhandled 'error' event would crash the process; the pool drops the broken client and the
  // next query opens a new one, so the error is only worth reporting.
  pool.on('error', (error) => options.onIdleError?.(error));
  return new PostgresDialect({ pool });
}
