import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { SqlDialectKind } from './column-types.js';
import * as initial from './001-initial.js';
import * as changeCounters from './002-change-counters.js';
import * as leases from './003-leases.js';
import * as dayLanes from './004-day-lanes.js';
import * as markets from './005-markets.js';

/**
 * Every migration, by name (Kysely runs them in name order). A static record rather than a folder
 * scan, so the same code runs from tsx sources and from the compiled dist.
 */
function migrationsFor(kind: SqlDialectKind): Record<string, Migration> {
  return {
    '001-initial': { up: (db) => initial.up(db, kind), down: (db) => initial.down(db) },
    '002-change-counters': { up: (db) => changeCounters.up(db), down: (db) => changeCounters.down(db) },
    '003-leases': { up: (db) => leases.up(db, kind), down: (db) => leases.down(db) },
    '004-day-lanes': { up: (db) => dayLanes.up(db), down: (db) => dayLanes.down(db) },
    '005-markets': { up: (db) => markets.up(db, kind), down: (db) => markets.down(db, kind) },
  };
}

class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly kind: SqlDialectKind) {}

  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(migrationsFor(this.kind));
  }
}

const ATTEMPTS = 5;

/**
 * Brings the schema up to date; a no-op when it already is. Kysely locks migrations on PostgreSQL
 * but not across SQLite processes, so two processes opening a fresh file can race: the loser's
 * transaction rolls back, and it succeeds if the winner's work left the schema current.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>, kind: SqlDialectKind): Promise<void> {
  // Kysely looks for its bookkeeping tables in every schema unless told which: another schema's
  // `kysely_migration` (another deployment, or a parallel test) would pass for ours. Pin it to ours.
  const schema = kind === 'postgres' ? await currentSchema(db) : undefined;
  const migrator = new Migrator({
    db,
    provider: new StaticMigrationProvider(kind),
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (error === undefined) return;
    const state = await schemaState(migrator);
    if (state === 'current') return;
    // Unreadable means the database itself is the problem (unreachable, no permission): retrying won't help.
    if (state === 'unreadable' || attempt >= ATTEMPTS) {
      const failed = results?.find((result) => result.status === 'Error')?.migrationName;
      const detail = error instanceof Error ? error.message : String(error);
      throw new Error(`Database migration ${failed ?? '(setup)'} failed: ${detail}`, { cause: error });
    }
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
  }
}

async function schemaState(migrator: Migrator): Promise<'current' | 'behind' | 'unreadable'> {
  try {
    const migrations = await migrator.getMigrations();
    return migrations.every((migration) => migration.executedAt !== undefined) ? 'current' : 'behind';
  } catch {
    return 'unreadable';
  }
}

async function currentSchema<DB>(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL has no current schema: check the search_path of DATABASE_URL');
  return schema;
}
