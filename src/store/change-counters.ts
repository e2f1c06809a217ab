import { sql, type Kysely } from 'kysely';
import type { ChangeCounterName, Database } from './schema.js';

/** Moves a counter on, inside the caller's transaction, so readers' cached answers expire with the commit. */
export async function bumpChangeCounter(db: Kysely<Database>, name: ChangeCounterName): Promise<void> {
  await db
    .updateTable('change_counters')
    .set({ version: sql<number>`version + 1` })
    .where('name', '=', name)
    .execute();
}

/** Both counters as one string, e.g. `17.3`: what a cached results answer is valid for. */
export async function readDataVersion(db: Kysely<Database>): Promise<string> {
  const rows = await db.selectFrom('change_counters').select(['name', 'version']).execute();
  const of = (name: ChangeCounterName): number => Number(rows.find((r) => r.name === name)?.version ?? 0);
  return `${of('results')}.${of('prices')}`;
}
