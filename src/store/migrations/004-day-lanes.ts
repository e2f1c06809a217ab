import type { Kysely } from 'kysely';

/**
 * Finds a job's unfinished days by status, and a model's first one, without reading its finished
 * days: every claim and every job-end check asks, and a long job has thousands of days.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('job_details_job_status_model_date_idx')
    .on('job_details')
    .columns(['job_id', 'status', 'model', 'date'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('job_details_job_status_model_date_idx').ifExists().execute();
}
