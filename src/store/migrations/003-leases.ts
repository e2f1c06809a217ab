import type { Kysely } from 'kysely';
import { DOUBLE, withAutoIncrementId, type SqlDialectKind } from './column-types.js';

/**
 * What lets several processes share one database (README, "Scaling out"):
 * - a lease on each model-day a worker runs (`job_details.lease_owner`, `lease_expires_at`), as jobs
 *   already had one for their preparation, so a dead worker's days are taken over once it expires;
 * - a claim per symbol being downloaded, so two workers never fetch the same one at once;
 * - the price provider's pace (paused until, requests it allows per window) and the requests of the
 *   current window, so a limit answer seen by one process paces them all.
 */
export async function up(db: Kysely<unknown>, kind: SqlDialectKind): Promise<void> {
  await db.schema.alterTable('job_details').addColumn('lease_owner', 'text').execute();
  await db.schema.alterTable('job_details').addColumn('lease_expires_at', 'text').execute();
  // Finds running days whose lease expired (every worker looks, often) without reading finished ones.
  await db.schema
    .createIndex('job_details_status_lease_idx')
    .on('job_details')
    .columns(['status', 'lease_expires_at'])
    .execute();

  await db.schema
    .createTable('price_download_claims')
    .addColumn('symbol', 'text', (col) => col.primaryKey())
    .addColumn('owner', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('provider_pace')
    .addColumn('provider', 'text', (col) => col.primaryKey())
    .addColumn('paused_until', DOUBLE, (col) => col.notNull().defaultTo(0))
    .addColumn('requests_per_window', 'integer')
    .execute();
  await db
    .insertInto('provider_pace' as never)
    .values({ provider: 'alphavantage', paused_until: 0, requests_per_window: null } as never)
    .execute();

  await withAutoIncrementId(db.schema.createTable('provider_requests'), kind)
    .addColumn('provider', 'text', (col) => col.notNull())
    .addColumn('owner', 'text', (col) => col.notNull())
    .addColumn('granted_at', DOUBLE, (col) => col.notNull())
    .addColumn('answered_at', DOUBLE)
    .execute();
  await db.schema
    .createIndex('provider_requests_provider_idx')
    .on('provider_requests')
    .columns(['provider', 'granted_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('provider_requests').ifExists().execute();
  await db.schema.dropTable('provider_pace').ifExists().execute();
  await db.schema.dropTable('price_download_claims').ifExists().execute();
  await db.schema.dropIndex('job_details_status_lease_idx').ifExists().execute();
  await db.schema.alterTable('job_details').dropColumn('lease_expires_at').execute();
  await db.schema.alterTable('job_details').dropColumn('lease_owner').execute();
}
