import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { bumpChangeCounter } from './change-counters.js';
import { inTransaction } from './transaction.js';

/** Deletes every job and result (children first), keeping price bars and coverage. */
export function resetSimulationData(db: Kysely<Database>): Promise<void> {
  return inTransaction(db, async (trx) => {
    for (const table of ['trades', 'holdings', 'reasoning_logs', 'token_usage', 'tool_call_audit'] as const) {
      await trx.deleteFrom(table).execute();
    }
    await trx.deleteFrom('trading_days').execute();
    await trx.deleteFrom('job_details').execute();
    await trx.deleteFrom('jobs').execute();
    await bumpChangeCounter(trx, 'results');
  });
}
