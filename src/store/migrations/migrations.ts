import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { SqlDialectKind } from './column-types.js';
import * as initial from './001-initial.js';

/**
 * Every migration, by name (Kysely runs them in name order). A static record rather than a folder
 * scan, so the same code runs from tsx sources and from the compiled dist.
 */
function migrationsFor(kind: SqlDialectKind): Record<string, Migration> {
  return {
    '001-initial': { up: (db) => initial.up(db, kind), down: (db) => initial.down(db) },
  };
}

class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly kind: SqlDialectKind) {}

  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(migrationsFor(this.kind));
  }
}

/** Brings the schema up to date; a no-op when it already is. Kysely's lock serializes concurrent callers. */
export async function migrateToLatest<DB>(db: Kysely<DB>, kind: SqlDialectKind): Promise<void> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider(kind) });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`Database migration ${failed ?? '(setup)'} failed: ${detail}`, { cause: error });
  }
}
