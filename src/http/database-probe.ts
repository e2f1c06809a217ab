import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

/**
 * True when the database answers a trivial query within `timeoutMs`. A hung connection must not
 * hang the health check too: monitors need an answer, and "disconnected" is the honest one.
 */
export async function probeDatabase(db: Kysely<Database>, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref();
  });
  const query = sql`select 1 as ok`.execute(db).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
