import type { Kysely } from 'kysely';
import { noWorkLeft } from './job-work-left.js';
import type { Database } from './schema.js';

/**
 * Ends `failed` the pending days of `models` (external ones) in running jobs that wait for nothing
 * else: no other day pending, none running, and nothing written to the job or its days since
 * `idleBefore`. Without it, a job whose external agent never comes would hold its slot for ever.
 * Answers the jobs whose days it ended.
 */
export async function failUnclaimedDays(
  db: Kysely<Database>,
  models: readonly string[],
  idleBefore: string,
  now: string,
  error: string,
): Promise<string[]> {
  if (models.length === 0) return [];
  const waiting = await db
    .selectFrom('jobs as j')
    .select(['j.job_id', 'j.updated_at'])
    .where('j.status', '=', 'running')
    .where('j.cancel_requested', '=', 0)
    .where('j.updated_at', '<', idleBefore)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('job_details as d')
          .select('d.id')
          .whereRef('d.job_id', '=', 'j.job_id')
          .where('d.status', '=', 'pending')
          .where('d.model', 'in', [...models]),
      ),
    )
    // Nothing but these models' days is left to run.
    .where((eb) => noWorkLeft(eb, (day) => day('d.model', 'not in', [...models])))
    .execute();

  const ended: string[] = [];
  for (const job of waiting) {
    const last = await db
      .selectFrom('job_details')
      .select((eb) => [eb.fn.max('started_at').as('started'), eb.fn.max('completed_at').as('completed')])
      .where('job_id', '=', job.job_id)
      .executeTakeFirst();
    if ((last?.started ?? '') >= idleBefore || (last?.completed ?? '') >= idleBefore) continue;
    // Only days still pending: one a client claims meanwhile runs on.
    const result = await db
      .updateTable('job_details')
      .set({ status: 'failed', error, completed_at: now })
      .where('job_id', '=', job.job_id)
      .where('status', '=', 'pending')
      .where('model', 'in', [...models])
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) ended.push(job.job_id);
  }
  return ended;
}
