import { describe, expect, it } from 'vitest';
import {
  DETAIL_MOVES,
  DETAIL_STATUSES,
  IllegalMoveError,
  JOB_MOVES,
  JOB_STATUSES,
  CANCELLED_ERROR,
  NO_DATES_ERROR,
  assertMove,
  jobEnd,
  jobProgress,
  mayMove,
  type DetailStatus,
  type JobStatus,
} from '../../src/jobs/lifecycle.js';

/** Every move the job wing makes, written out here independently of the module's table. */
const JOB_ALLOWED: readonly (readonly [JobStatus, JobStatus])[] = [
  ['pending', 'downloading_data'], // a worker claims the preparation
  ['pending', 'failed'], // cancelled before any worker took it
  ['pending', 'partial'], // handed back with committed days, then stopped on an error
  ['downloading_data', 'running'], // prepared
  ['downloading_data', 'pending'], // its worker's lease lapsed
  ['downloading_data', 'partial'], // the preparation crashed (a resumed job with committed days)
  ['downloading_data', 'failed'], // the preparation crashed
  ['running', 'completed'],
  ['running', 'partial'],
  ['running', 'failed'],
];

const DETAIL_ALLOWED: readonly (readonly [DetailStatus, DetailStatus])[] = [
  ['pending', 'running'], // claimed
  ['pending', 'skipped'], // no prices, cancelled, job failed
  ['pending', 'failed'], // an external day nobody claimed
  ['running', 'completed'], // committed
  ['running', 'failed'], // the agent or the job failed
  ['running', 'pending'], // lease lapsed, handed back
];

function everyPair<S extends string>(statuses: readonly S[]): [S, S][] {
  return statuses.flatMap((from) => statuses.map((to): [S, S] => [from, to]));
}

describe('job lifecycle', () => {
  it.each(everyPair(JOB_STATUSES))(
    'job %s -> %s is allowed exactly when listed (or a repeat)',
    (from, to) => {
      const allowed = from === to || JOB_ALLOWED.some(([f, t]) => f === from && t === to);
      expect(mayMove(JOB_MOVES, from, to)).toBe(allowed);
      if (allowed) expect(assertMove('job', JOB_MOVES, [from], to)).toEqual([from]);
      else expect(() => assertMove('job', JOB_MOVES, [from], to)).toThrow(IllegalMoveError);
    },
  );

  it.each(everyPair(DETAIL_STATUSES))(
    'model-day %s -> %s is allowed exactly when listed (or a repeat)',
    (from, to) => {
      const allowed = from === to || DETAIL_ALLOWED.some(([f, t]) => f === from && t === to);
      expect(mayMove(DETAIL_MOVES, from, to)).toBe(allowed);
      if (allowed) expect(assertMove('model-day', DETAIL_MOVES, [from], to)).toEqual([from]);
      else expect(() => assertMove('model-day', DETAIL_MOVES, [from], to)).toThrow(IllegalMoveError);
    },
  );

  it('refuses a move when any of its `from` statuses may not make it, naming them', () => {
    expect(() => assertMove('job', JOB_MOVES, ['downloading_data', 'completed'], 'running')).toThrow(
      'a job cannot move from completed to running',
    );
  });

  it('ends nothing: a finished job or model-day moves nowhere', () => {
    for (const status of ['completed', 'partial', 'failed'] as const) expect(JOB_MOVES[status]).toEqual([]);
    for (const status of ['completed', 'failed', 'skipped'] as const)
      expect(DETAIL_MOVES[status]).toEqual([]);
  });

  it('counts progress with running days as pending', () => {
    const statuses: DetailStatus[] = ['pending', 'running', 'completed', 'completed', 'failed', 'skipped'];
    expect(jobProgress(statuses.map((status) => ({ status })))).toEqual({
      total: 6,
      completed: 2,
      failed: 1,
      pending: 2,
      skipped: 1,
    });
  });
});

describe("a job's end", () => {
  const started = { startedAt: '2025-11-01T00:00:00.000Z', cancelRequested: false };
  const now = new Date('2025-11-01T00:01:30.000Z');
  const days = (...statuses: DetailStatus[]) => statuses.map((status) => ({ status }));

  it('settles from its model-days, with the failures counted and the time it took', () => {
    expect(jobEnd({ kind: 'settled' }, started, days('completed', 'skipped'), now)).toEqual({
      status: 'completed',
      error: null,
      completedAt: now.toISOString(),
      totalDurationSeconds: 90,
    });
    expect(jobEnd({ kind: 'settled' }, started, days('completed', 'failed', 'failed'), now)).toMatchObject({
      status: 'partial',
      error: '2 of 3 model-days failed',
    });
    expect(jobEnd({ kind: 'settled' }, started, days('failed'), now)).toMatchObject({
      status: 'failed',
      error: '1 of 1 model-days failed',
    });
  });

  it('fails with the reason when nothing could run', () => {
    expect(jobEnd({ kind: 'settled' }, started, days('skipped', 'skipped'), now)).toMatchObject({
      status: 'failed',
      error: NO_DATES_ERROR,
    });
    expect(jobEnd({ kind: 'settled' }, started, [], now)).toMatchObject({
      status: 'failed',
      error: NO_DATES_ERROR,
    });
  });

  it('never says completed for a cancelled job', () => {
    const cancelled = { ...started, cancelRequested: true };
    expect(jobEnd({ kind: 'settled' }, cancelled, days('completed', 'skipped'), now)).toMatchObject({
      status: 'partial',
      error: CANCELLED_ERROR,
    });
    expect(jobEnd({ kind: 'settled' }, cancelled, days('skipped'), now)).toMatchObject({
      status: 'failed',
      error: CANCELLED_ERROR,
    });
    expect(jobEnd({ kind: 'cancelled-before-start' }, cancelled, [], now)).toEqual({
      status: 'failed',
      error: CANCELLED_ERROR,
      completedAt: now.toISOString(),
      totalDurationSeconds: 0,
    });
  });

  it('ends a job stopped on an error partial when some days were committed, else failed', () => {
    expect(
      jobEnd({ kind: 'failed', cause: 'disk full' }, started, days('completed', 'skipped'), now),
    ).toMatchObject({
      status: 'partial',
      error: 'Job failed: disk full',
    });
    expect(
      jobEnd({ kind: 'failed', cause: 'disk full' }, { startedAt: null, cancelRequested: false }, [], now),
    ).toEqual({
      status: 'failed',
      error: 'Job failed: disk full',
      completedAt: now.toISOString(),
      totalDurationSeconds: 0,
    });
  });
});
