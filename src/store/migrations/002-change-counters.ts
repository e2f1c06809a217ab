import type { Kysely } from 'kysely';

/**
 * Version counters that readers compare to know whether a cached answer is still true: `results`
 * moves with every committed (or superseded) trading day, `prices` with every stored bar. In the
 * database, not in memory, so every process sharing it sees the same versions.
 * Also drops `jobs.replace_existing`, which was written and never read (the request keeps it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('change_counters')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db
    .insertInto('change_counters' as never)
    .values([
      { name: 'results', version: 0 },
      { name: 'prices', version: 0 },
    ] as never)
    .execute();
  await db.schema.alterTable('jobs').dropColumn('replace_existing').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('jobs')
    .addColumn('replace_existing', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.dropTable('change_counters').execute();
}
