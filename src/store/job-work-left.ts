import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database } from './schema.js';

type WithJob = Database & { j: Database['jobs'] };
type WithJobAndDay = WithJob & { d: Database['job_details'] };

/**
 * True when job `j` has nothing left to run: no day running, and no pending day for which
 * `stillToRun` holds. Closing a settled job and giving up on unclaimed external days both ask it.
 */
export function noWorkLeft(
  eb: ExpressionBuilder<WithJob, 'j'>,
  stillToRun: (day: ExpressionBuilder<WithJobAndDay, 'j' | 'd'>) => Expression<SqlBool>,
): Expression<SqlBool> {
  return eb.not(
    eb.exists(
      eb
        .selectFrom('job_details as d')
        .select('d.id')
        .whereRef('d.job_id', '=', 'j.job_id')
        .where((day) =>
          day.or([
            day('d.status', '=', 'running'),
            day.and([day('d.status', '=', 'pending'), stillToRun(day)]),
          ]),
        ),
    ),
  );
}
