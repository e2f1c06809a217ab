import type { Insertable, Kysely } from 'kysely';
import type { Database, JobsTable } from '../../src/store/schema.js';

/** A jobs row for tests that write model-days directly (trading days reference their job). */
export async function insertJob(
  db: Kysely<Database>,
  jobId: string,
  fields: Partial<Insertable<JobsTable>> = {},
): Promise<void> {
  const at = '2026-01-01T00:00:00.000Z';
  await db
    .insertInto('jobs')
    .values({
      job_id: jobId,
      status: 'running',
      date_range: '[]',
      models: '[]',
      request: null,
      config_snapshot: null,
      created_at: at,
      updated_at: at,
      started_at: null,
      completed_at: null,
      total_duration_seconds: null,
      error: null,
      lease_owner: null,
      lease_expires_at: null,
      ...fields,
    })
    .execute();
}
