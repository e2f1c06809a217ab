import type { Kysely } from 'kysely';
import type { DayOutcome, DayOutcomes } from '../jobs/job-events.js';
import type { Database } from './schema.js';

/** The figures of a job's committed days, read for its event stream (superseded or not: they are its own). */
export class KyselyDayOutcomes implements DayOutcomes {
  constructor(private readonly db: Kysely<Database>) {}

  async outcomes(
    jobId: string,
    days: readonly { model: string; date: string }[],
  ): Promise<Map<string, DayOutcome>> {
    if (days.length === 0) return new Map();
    const wanted = new Set(days.map((d) => `${d.model}|${d.date}`));
    const rows = await this.db
      .selectFrom('trading_days')
      .select(['model', 'date', 'daily_profit', 'daily_return_pct', 'ending_value'])
      .where('job_id', '=', jobId)
      .where('model', 'in', [...new Set(days.map((d) => d.model))])
      .where('date', 'in', [...new Set(days.map((d) => d.date))])
      .execute();
    const outcomes = new Map<string, DayOutcome>();
    for (const row of rows) {
      const key = `${row.model}|${row.date}`;
      if (!wanted.has(key)) continue;
      outcomes.set(key, {
        profit: row.daily_profit,
        returnPct: row.daily_return_pct,
        portfolioValue: row.ending_value,
      });
    }
    return outcomes;
  }
}
