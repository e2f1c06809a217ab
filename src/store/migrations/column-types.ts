import type { CreateTableBuilder } from 'kysely';

export type SqlDialectKind = 'sqlite' | 'postgres';

/** Accepted by both SQLite (REAL affinity) and PostgreSQL (float8). */
export const DOUBLE = 'double precision';

/**
 * Adds an auto-increment integer primary key `id`. The two databases spell it differently and
 * Kysely's schema builder has no portable form.
 */
export function withAutoIncrementId<T extends string>(
  table: CreateTableBuilder<T, never>,
  kind: SqlDialectKind,
): CreateTableBuilder<T, 'id'> {
  return kind === 'sqlite'
    ? table.addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    : table.addColumn('id', 'serial', (col) => col.primaryKey());
}
