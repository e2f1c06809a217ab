/**
 * Jobs and model-day records built for store tests and the lease benchmark: the least a job needs to
 * be created and a day to be committed, so each test states only what it is about.
 */
import type { JobStore } from '../../src/jobs/job-store.js';
import type { NewJob, PlannedModelDay } from '../../src/jobs/job-types.js';
import type { ModelDayRecord } from '../../src/simulation/model-day-record.js';

/** Every model on every date, date by date. */
export const modelDayGrid = (models: readonly string[], dates: readonly string[]): PlannedModelDay[] =>
  dates.flatMap((date) => models.map((model) => ({ date, model })));

/** A job over exactly the dates and models of `days`; `fields` overrides the rest. */
export function jobOver(
  jobId: string,
  days: readonly PlannedModelDay[],
  createdAt: string,
  fields: Partial<Omit<NewJob, 'jobId' | 'dateRange' | 'models' | 'createdAt'>> = {},
): NewJob {
  return {
    jobId,
    market: 'us',
    dateRange: [...new Set(days.map((d) => d.date))].sort(),
    models: [...new Set(days.map((d) => d.model))].sort(),
    request: null,
    configSnapshot: null,
    resumeMode: false,
    warnings: [],
    createdAt,
    ...fields,
  };
}

export interface HeldDayTimes {
  startedAt: string;
  completedAt: string;
  sessionDurationSeconds: number;
}

/** A model-day's record with no trades, holding 10,000 in cash: enough to commit it. */
export function heldDayRecord(jobId: string, day: PlannedModelDay, times: HeldDayTimes): ModelDayRecord {
  const position = { cash: 10_000, holdings: {} };
  return {
    jobId,
    model: day.model,
    market: 'us',
    date: day.date,
    start: { position, previousDate: null, previousEndingValue: null },
    startingValue: 10_000,
    endPosition: position,
    endingValue: 10_000,
    dailyProfit: 0,
    dailyReturnPct: 0,
    daysSinceLastTrading: 0,
    trades: [],
    reasoning: [],
    usage: [],
    audit: [],
    summary: 'held',
    ...times,
    staleValuations: [],
  };
}

/** Far enough ahead that no lease taken by these helpers runs out during a test. */
const HELD_UNTIL = '2999-01-01T00:00:00.000Z';

/** Takes the oldest pending job (it must be `jobId`) through preparation, as a worker would. */
export async function startJob(store: JobStore, jobId: string, now: string): Promise<void> {
  const token = `prepare/${jobId}`;
  const claimed = await store.claimPreparation({ token, now, until: HELD_UNTIL });
  if (claimed?.jobId !== jobId) throw new Error(`expected to prepare ${jobId}, got ${claimed?.jobId}`);
  await store.startRunning(jobId, token, now);
}

/** Claims `day`, which must be the next of its model to run, and answers the lease to commit it under. */
export async function claimNext(
  store: JobStore,
  jobId: string,
  day: PlannedModelDay,
  now: string,
): Promise<string> {
  const token = `run/${jobId}/${day.model}/${day.date}`;
  const claimed = await store.claimDay({ token, now, until: HELD_UNTIL }, { models: [day.model] });
  if (claimed?.jobId !== jobId || claimed.date !== day.date)
    throw new Error(`expected to claim ${day.model} ${day.date} of ${jobId}, got ${JSON.stringify(claimed)}`);
  return token;
}
