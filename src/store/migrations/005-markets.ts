import { sql, type Kysely } from 'kysely';
import { DOUBLE, type SqlDialectKind } from './column-types.js';

/**
 * Markets (README, "Markets"): a job trades one market, and a model keeps one portfolio per market,
 * so its live days are unique per model, market and date. Every row written before markets existed
 * is the US market's. Crypto quantities are fractional, so quantities become double precision
 * (SQLite's integer affinity already keeps a fraction as a real).
 */
export async function up(db: Kysely<unknown>, kind: SqlDialectKind): Promise<void> {
  await db.schema
    .alterTable('jobs')
    .addColumn('market', 'text', (col) => col.notNull().defaultTo('us'))
    .execute();
  await db.schema
    .alterTable('trading_days')
    .addColumn('market', 'text', (col) => col.notNull().defaultTo('us'))
    .execute();
  await db.schema.dropIndex('trading_days_live_model_date_key').execute();
  await db.schema.dropIndex('trading_days_model_date_idx').execute();
  await db.schema
    .createIndex('trading_days_live_model_market_date_key')
    .on('trading_days')
    .columns(['model', 'market', 'date'])
    .unique()
    .where(sql.ref('superseded_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('trading_days_model_market_date_idx')
    .on('trading_days')
    .columns(['model', 'market', 'date'])
    .execute();
  await db.schema
    .createIndex('trading_days_market_date_idx')
    .on('trading_days')
    .columns(['market', 'date'])
    .execute();
  if (kind === 'postgres') {
    for (const table of ['trades', 'holdings']) {
      await db.schema
        .alterTable(table)
        .alterColumn('quantity', (col) => col.setDataType(sql.raw(DOUBLE)))
        .execute();
    }
  }
}

export async function down(db: Kysely<unknown>, kind: SqlDialectKind): Promise<void> {
  if (kind === 'postgres') {
    for (const table of ['trades', 'holdings']) {
      await db.schema
        .alterTable(table)
        .alterColumn('quantity', (col) => col.setDataType('integer'))
        .execute();
    }
  }
  await db.schema.dropIndex('trading_days_market_date_idx').ifExists().execute();
  await db.schema.dropIndex('trading_days_model_market_date_idx').ifExists().execute();
  await db.schema.dropIndex('trading_days_live_model_market_date_key').ifExists().execute();
  await db.schema
    .createIndex('trading_days_live_model_date_key')
    .on('trading_days')
    .columns(['model', 'date'])
    .unique()
    .where(sql.ref('superseded_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('trading_days_model_date_idx')
    .on('trading_days')
    .columns(['model', 'date'])
    .execute();
  await db.schema.alterTable('trading_days').dropColumn('market').execute();
  await db.schema.alterTable('jobs').dropColumn('market').execute();
}
