import { sql, type Kysely } from 'kysely';
import { DOUBLE, withAutoIncrementId, type SqlDialectKind } from './column-types.js';

/** Jobs, per-model-day results and their detail rows, and the daily price cache. */
export async function up(db: Kysely<unknown>, kind: SqlDialectKind): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('job_id', 'text', (col) => col.primaryKey())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('date_range', 'text', (col) => col.notNull())
    .addColumn('models', 'text', (col) => col.notNull())
    .addColumn('request', 'text')
    .addColumn('config_snapshot', 'text')
    .addColumn('resume_mode', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('replace_existing', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('started_at', 'text')
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('total_duration_seconds', DOUBLE)
    .addColumn('error', 'text')
    .addColumn('warnings', 'text', (col) => col.notNull().defaultTo('[]'))
    .addColumn('cancel_requested', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'text')
    .execute();
  await db.schema.createIndex('jobs_status_idx').on('jobs').column('status').execute();
  await db.schema.createIndex('jobs_created_at_idx').on('jobs').column('created_at').execute();

  await withAutoIncrementId(db.schema.createTable('job_details'), kind)
    .addColumn('job_id', 'text', (col) => col.notNull().references('jobs.job_id').onDelete('cascade'))
    .addColumn('date', 'text', (col) => col.notNull())
    .addColumn('model', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('error', 'text')
    .addColumn('started_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('duration_seconds', DOUBLE)
    .addUniqueConstraint('job_details_job_date_model_key', ['job_id', 'date', 'model'])
    .execute();
  await db.schema
    .createIndex('job_details_model_date_idx')
    .on('job_details')
    .columns(['model', 'date'])
    .execute();

  // Results outlive nothing silently: deleting a job that produced trading days is refused.
  await withAutoIncrementId(db.schema.createTable('trading_days'), kind)
    .addColumn('job_id', 'text', (col) => col.notNull().references('jobs.job_id'))
    .addColumn('model', 'text', (col) => col.notNull())
    .addColumn('date', 'text', (col) => col.notNull())
    .addColumn('starting_cash', DOUBLE, (col) => col.notNull())
    .addColumn('ending_cash', DOUBLE, (col) => col.notNull())
    .addColumn('starting_value', DOUBLE, (col) => col.notNull())
    .addColumn('ending_value', DOUBLE, (col) => col.notNull())
    .addColumn('daily_profit', DOUBLE, (col) => col.notNull())
    .addColumn('daily_return_pct', DOUBLE, (col) => col.notNull())
    .addColumn('days_since_last_trading', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('total_actions', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('summary', 'text')
    .addColumn('session_duration_seconds', DOUBLE)
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('superseded_at', 'text')
    .addColumn('superseded_by_job', 'text')
    .execute();
  // Re-running a day keeps the old row for history but only one row per model and date is live.
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
  await db.schema.createIndex('trading_days_job_idx').on('trading_days').column('job_id').execute();

  await withAutoIncrementId(db.schema.createTable('trades'), kind)
    .addColumn('trading_day_id', 'integer', (col) =>
      col.notNull().references('trading_days.id').onDelete('cascade'),
    )
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('action_type', 'text', (col) => col.notNull())
    .addColumn('symbol', 'text', (col) => col.notNull())
    .addColumn('quantity', 'integer', (col) => col.notNull())
    .addColumn('price', DOUBLE, (col) => col.notNull())
    .addColumn('commission', DOUBLE, (col) => col.notNull())
    .addColumn('notional', DOUBLE, (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('trades_trading_day_idx').on('trades').column('trading_day_id').execute();

  // The unique constraint's index also serves lookups by trading day.
  await withAutoIncrementId(db.schema.createTable('holdings'), kind)
    .addColumn('trading_day_id', 'integer', (col) =>
      col.notNull().references('trading_days.id').onDelete('cascade'),
    )
    .addColumn('symbol', 'text', (col) => col.notNull())
    .addColumn('quantity', 'integer', (col) => col.notNull())
    .addUniqueConstraint('holdings_trading_day_symbol_key', ['trading_day_id', 'symbol'])
    .execute();

  await withAutoIncrementId(db.schema.createTable('reasoning_logs'), kind)
    .addColumn('trading_day_id', 'integer', (col) =>
      col.notNull().references('trading_days.id').onDelete('cascade'),
    )
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('content', 'text')
    .addColumn('tool_calls', 'text')
    .addColumn('tool_call_id', 'text')
    .addColumn('tool_name', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('reasoning_logs_trading_day_idx')
    .on('reasoning_logs')
    .column('trading_day_id')
    .execute();

  await withAutoIncrementId(db.schema.createTable('token_usage'), kind)
    .addColumn('trading_day_id', 'integer', (col) =>
      col.notNull().references('trading_days.id').onDelete('cascade'),
    )
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('call_kind', 'text', (col) => col.notNull())
    .addColumn('model', 'text', (col) => col.notNull())
    .addColumn('prompt_tokens', 'integer', (col) => col.notNull())
    .addColumn('completion_tokens', 'integer', (col) => col.notNull())
    .addColumn('total_tokens', 'integer', (col) => col.notNull())
    .addColumn('cost_usd', DOUBLE)
    .addColumn('latency_ms', 'integer')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('token_usage_trading_day_idx')
    .on('token_usage')
    .column('trading_day_id')
    .execute();

  await withAutoIncrementId(db.schema.createTable('tool_call_audit'), kind)
    .addColumn('trading_day_id', 'integer', (col) =>
      col.notNull().references('trading_days.id').onDelete('cascade'),
    )
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('tool', 'text', (col) => col.notNull())
    .addColumn('arguments', 'text')
    .addColumn('outcome', 'text', (col) => col.notNull())
    .addColumn('reason', 'text')
    .addColumn('message', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('tool_call_audit_trading_day_idx')
    .on('tool_call_audit')
    .column('trading_day_id')
    .execute();

  await db.schema
    .createTable('price_bars')
    .addColumn('symbol', 'text', (col) => col.notNull())
    .addColumn('date', 'text', (col) => col.notNull())
    .addColumn('open', DOUBLE, (col) => col.notNull())
    .addColumn('high', DOUBLE, (col) => col.notNull())
    .addColumn('low', DOUBLE, (col) => col.notNull())
    .addColumn('close', DOUBLE, (col) => col.notNull())
    .addColumn('volume', DOUBLE, (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('price_bars_pkey', ['symbol', 'date'])
    .execute();

  await withAutoIncrementId(db.schema.createTable('price_coverage'), kind)
    .addColumn('symbol', 'text', (col) => col.notNull())
    .addColumn('start_date', 'text', (col) => col.notNull())
    .addColumn('end_date', 'text', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('fetched_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('price_coverage_symbol_idx').on('price_coverage').column('symbol').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Children before parents, so foreign keys never block a drop.
  for (const table of [
    'price_coverage',
    'price_bars',
    'tool_call_audit',
    'token_usage',
    'reasoning_logs',
    'holdings',
    'trades',
    'trading_days',
    'job_details',
    'jobs',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
