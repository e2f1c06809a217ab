import type { DatabaseStatus } from '../store/database-health.js';
import type { OpenDatabase } from '../store/open-database.js';

/** How long /health waits for the database: a hung connection must not hang the health check too. */
export const HEALTH_PROBE_TIMEOUT_MS = 2000;

/**
 * The database's health as /health reports it: it answers a read of our own tables, its file is
 * still where it was opened (SQLite), and, after a write failed, a write succeeds again. Never
 * throws: monitors need an answer, and "unhealthy, because ..." is the honest one.
 */
export async function probeDatabase(
  database: Pick<OpenDatabase, 'check'>,
  timeoutMs = HEALTH_PROBE_TIMEOUT_MS,
): Promise<DatabaseStatus> {
  try {
    return await database.check(timeoutMs);
  } catch (error) {
    return { healthy: false, detail: error instanceof Error ? error.message : String(error) };
  }
}
