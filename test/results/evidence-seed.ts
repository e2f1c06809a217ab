/**
 * Six sessions whose evidence can be worked out by hand (2025-10-01 to 10-08, weekdays):
 *
 *   QQQ closes 100 on 09-30, then 101, 100, 101, 100, 101, 100: +1 %, -0.990099 %, alternately.
 *   steady:  up 2 % on QQQ's up days, flat on its down days: 10200, 10200, 10404, 10404, 10612.08,
 *            10612.08. Usage each day: 1000 prompt + 100 completion tokens, $0.01.
 *   cash:    holds its 10000 throughout (every return 0). Usage each day: 500 + 50 tokens, $0.005.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';
import { commitDay, insertBar, insertJob } from './results-fixtures.js';

export const EVIDENCE_DATES = [
  '2025-10-01',
  '2025-10-02',
  '2025-10-03',
  '2025-10-06',
  '2025-10-07',
  '2025-10-08',
];
const QQQ_CLOSES = [101, 100, 101, 100, 101, 100];
const STEADY_VALUES = [10200, 10200, 10404, 10404, 10612.08, 10612.08];

export async function seedEvidence(db: Kysely<Database>, jobId = 'job-e'): Promise<void> {
  await insertJob(db, jobId);
  await insertBar(db, 'QQQ', '2025-09-30', 100, 100);
  for (const [i, date] of EVIDENCE_DATES.entries()) {
    const close = QQQ_CLOSES[i] as number;
    await insertBar(db, 'QQQ', date, close, close);
    const steadyBefore = i === 0 ? 10000 : (STEADY_VALUES[i - 1] as number);
    const steady = STEADY_VALUES[i] as number;
    await commitDay(db, {
      jobId,
      model: 'steady',
      date,
      startCash: steadyBefore,
      startingValue: steadyBefore,
      endCash: steady,
      endingValue: steady,
      profit: Math.round((steady - steadyBefore) * 100) / 100,
      usage: [{ prompt: 1000, completion: 100, cost: 0.01 }],
    });
    await commitDay(db, {
      jobId,
      model: 'cash',
      date,
      startCash: 10000,
      startingValue: 10000,
      endCash: 10000,
      endingValue: 10000,
      profit: 0,
      usage: [{ prompt: 500, completion: 50, cost: 0.005 }],
    });
  }
}
