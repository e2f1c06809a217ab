/**
 * Which errors mean "the database cannot be used right now" (a fault: the connection is gone, the
 * disk is full, the file is read-only or deleted, the database was dropped) rather than "this
 * statement is wrong" (a bug, a constraint). Faults are answered 503, make /health unhealthy, and
 * the transient ones (a lost connection, a restart, a busy lock) are worth retrying.
 */

export interface DatabaseFault {
  /** The database's own words, e.g. `database or disk is full`: what operators search for. */
  message: string;
  /** True when the same work may well succeed in a moment (a reconnect, a released lock). */
  transient: boolean;
}

/**
 * Refusal to write to a SQLite file that is no longer at its path (deleted, or replaced by another
 * file): the writes would land in a file nobody can open again.
 */
export class DatabaseFileMissingError extends Error {
  override readonly name = 'DatabaseFileMissingError';
}

/**
 * PostgreSQL SQLSTATEs of a server that went away or is not there yet: admin shutdown (57P01,
 * `pg_terminate_backend`, a fast restart), crash shutdown, cannot connect now (starting up, in
 * recovery), and the whole connection-exception class 08.
 */
const PG_TRANSIENT = /^(57P0[1-4]|08\d{3}|53300|40P01|25006)$/;
/**
 * Faults that waiting a second does not cure: disk full, out of memory, the database or schema does
 * not exist, or our tables do not (42P01 in a migrated database: it was dropped and re-created empty).
 */
const PG_PERSISTENT = /^(53100|53200|3D000|3F000|42P01|58\d{3})$/;
/** What pg and node say when the socket itself fails, with no SQLSTATE. */
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'connection error and is not queryable',
  'timeout exceeded when trying to connect',
  'Postgres connection has been discarded',
  'Client was closed and is not queryable',
  // 55000 for a database closed to connections for a while (ALTER DATABASE ... ALLOW_CONNECTIONS false)
  'is not currently accepting connections',
];
const NODE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/** SQLite result codes (better-sqlite3's `code`) of a database that cannot be written or read. */
const SQLITE_TRANSIENT = /^SQLITE_(BUSY|LOCKED)(_|$)/;
const SQLITE_PERSISTENT = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|CORRUPT|NOTADB|NOMEM|PERM)(_|$)/;

/** The fault `error` is, or undefined when it is an ordinary error (a bug, a constraint, a bad query). */
export function describeDatabaseFault(error: unknown): DatabaseFault | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error instanceof DatabaseFileMissingError) return { message: error.message, transient: false };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (PG_TRANSIENT.test(code) || SQLITE_TRANSIENT.test(code) || NODE_SOCKET_CODES.has(code)) {
      return { message: error.message, transient: true };
    }
    if (PG_PERSISTENT.test(code) || SQLITE_PERSISTENT.test(code)) {
      return { message: error.message, transient: false };
    }
  }
  if (CONNECTION_MESSAGES.some((text) => error.message.includes(text))) {
    return { message: error.message, transient: true };
  }
  // AggregateError (node's connect to several addresses) and wrapped errors: judge by the cause.
  const inner = error instanceof AggregateError ? error.errors[0] : error.cause;
  return inner === undefined || inner === error ? undefined : describeDatabaseFault(inner);
}

export const isDatabaseFault = (error: unknown): boolean => describeDatabaseFault(error) !== undefined;
export const isTransientDatabaseFault = (error: unknown): boolean =>
  describeDatabaseFault(error)?.transient === true;
