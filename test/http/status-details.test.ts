/**
 * The size of a job's status: `details` complete up to 2,000 model-days, beyond that the first 2,000
 * and a way to page or filter the rest, `progress` always complete. Ordinary jobs answer as before.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { readEnv } from '../../src/config/env.js';
import { buildApp, type HttpApp, type HttpDeps } from '../../src/http/app.js';
import { JobEventFeed } from '../../src/jobs/job-events.js';
import type { JobReport, JobService } from '../../src/jobs/job-service.js';
import type { DetailStatus, JobStatus } from '../../src/jobs/lifecycle.js';
import type { ResultsService } from '../../src/results/results-service.js';
import { standInJobs } from '../helpers/stand-in-app.js';
import { openTempSqlite } from '../helpers/temp-db.js';

/** An 11,000 model-day job (110 models x 100 sessions) in which every seventh model-day failed. */
function bigReport(status: JobStatus = 'running', size = 11_000): JobReport {
  const details = Array.from({ length: size }, (_, i) => ({
    date: `2025-10-${String((i % 28) + 1).padStart(2, '0')}`,
    model: `model-${Math.floor(i / 100)}`,
    status: (i % 7 === 3 ? 'failed' : 'completed') as DetailStatus,
    error: i % 7 === 3 ? 'LLM provider error' : null,
    startedAt: '2025-11-01T11:59:02.000Z',
    completedAt: '2025-11-01T11:59:03.000Z',
    durationSeconds: 1,
  }));
  return {
    job: {
      jobId: 'big',
      market: 'us',
      status,
      dateRange: ['2025-10-01'],
      models: ['model-0'],
      createdAt: '2025-11-01T11:59:00.000Z',
      startedAt: '2025-11-01T11:59:01.000Z',
      updatedAt: '2025-11-01T11:59:02.000Z',
      completedAt: status === 'running' ? null : '2025-11-01T13:00:00.000Z',
      totalDurationSeconds: null,
      error: null,
      warnings: [],
      resumeMode: false,
      cancelRequested: false,
    },
    details,
  };
}

const failedCount = (size: number): number =>
  Array.from({ length: size }, (_, i) => i).filter((i) => i % 7 === 3).length;

describe('GET /simulate/status/{job_id} of a big job', () => {
  let db: Awaited<ReturnType<typeof openTempSqlite>>;
  let app: HttpApp;
  const jobs = standInJobs();

  beforeEach(async () => {
    vi.resetAllMocks();
    jobs.statusFingerprint.mockResolvedValue('fp-1');
    db = await openTempSqlite();
    const env = readEnv({ LOG_LEVEL: 'silent' });
    const deps: HttpDeps = {
      jobs: jobs as unknown as JobService,
      events: new JobEventFeed(jobs as unknown as JobService, {
        dayOutcomes: () => Promise.resolve(new Map()),
      }),
      results: {} as ResultsService,
      deployment: { mode: 'PROD', preserveDevData: false },
      database: db,
      logger: createLogger(env),
      now: () => new Date('2025-11-01T12:00:00.000Z'),
      env,
    };
    app = buildApp(deps);
  });
  afterEach(async () => {
    await app.close();
    await db.dispose();
  });

  const get = async (query = '') => {
    const res = await app.inject({ url: `/simulate/status/big${query}` });
    return { status: res.statusCode, body: res.json(), bytes: res.body.length, etag: res.headers['etag'] };
  };

  it('answers the first 2,000 model-days, says where the next page starts, and keeps progress complete', async () => {
    const report = bigReport();
    jobs.status.mockResolvedValue(report);
    const { status, body, bytes } = await get();
    expect(status).toBe(200);
    expect(bytes).toBeLessThan(500_000);
    expect(body.progress).toEqual({
      total_model_days: 11_000,
      completed: 11_000 - failedCount(11_000),
      failed: failedCount(11_000),
      pending: 0,
      skipped: 0,
    });
    expect(body.details).toHaveLength(2000);
    expect(body.details[0]).toMatchObject({ model: 'model-0', date: '2025-10-01' });
    expect(body.details[1999]).toMatchObject({
      model: 'model-19',
      date: `2025-10-${String((1999 % 28) + 1)}`,
    });
    expect(body.details_page).toEqual({
      filter: 'all',
      offset: 0,
      limit: 2000,
      total: 11_000,
      next_offset: 2000,
    });
  });

  it('pages through the rest with details_offset and details_limit', async () => {
    jobs.status.mockResolvedValue(bigReport());
    const middle = await get('?details_offset=2000&details_limit=500');
    expect(middle.body.details).toHaveLength(500);
    expect(middle.body.details[0]).toMatchObject({ model: 'model-20' });
    expect(middle.body.details_page).toEqual({
      filter: 'all',
      offset: 2000,
      limit: 500,
      total: 11_000,
      next_offset: 2500,
    });
    const last = await get('?details_offset=10500');
    expect(last.body.details).toHaveLength(500);
    expect(last.body.details_page).toMatchObject({ total: 11_000, next_offset: null });
    const beyond = await get('?details_offset=20000');
    expect(beyond.body.details).toEqual([]);
    expect(beyond.body.details_page).toMatchObject({ offset: 20_000, next_offset: null });
  });

  it('keeps only the failed model-days with details=failed, and none with details=none', async () => {
    jobs.status.mockResolvedValue(bigReport('running', 3000));
    const failed = await get('?details=failed');
    expect(failed.body.details).toHaveLength(failedCount(3000));
    expect(failed.body.details.every((d: { status: string }) => d.status === 'failed')).toBe(true);
    expect(failed.body.details_page).toEqual({
      filter: 'failed',
      offset: 0,
      limit: 2000,
      total: failedCount(3000),
      next_offset: null,
    });
    const none = await get('?details=none');
    expect(none.body.details).toEqual([]);
    expect(none.body.details_page).toEqual({
      filter: 'none',
      offset: 0,
      limit: 2000,
      total: 0,
      next_offset: null,
    });
    expect(none.body.progress.total_model_days).toBe(3000);
  });

  it('answers an ordinary job as before, and adds details_page only when the client pages or filters', async () => {
    jobs.status.mockResolvedValue(bigReport('running', 2000));
    const whole = await get();
    expect(whole.body.details).toHaveLength(2000);
    expect(Object.keys(whole.body)).not.toContain('details_page');
    const asked = await get('?details=all');
    expect(asked.body.details).toHaveLength(2000);
    expect(asked.body.details_page).toEqual({
      filter: 'all',
      offset: 0,
      limit: 2000,
      total: 2000,
      next_offset: null,
    });
    const blank = await get('?details=&details_offset=&details_limit=');
    expect(Object.keys(blank.body)).not.toContain('details_page');
  });

  it.each([
    ['details=some', 'details'],
    ['details_limit=0', 'details_limit'],
    ['details_limit=2001', 'details_limit'],
    ['details_offset=-1', 'details_offset'],
    ['details_offset=1.5', 'details_offset'],
  ])('refuses ?%s with 422 at its place', async (query, parameter) => {
    const res = await get(`?${query}`);
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([expect.objectContaining({ loc: ['query', parameter] })]);
    expect(jobs.status).not.toHaveBeenCalled();
  });

  it('serves each view of a finished job under its own ETag', async () => {
    jobs.status.mockResolvedValue(bigReport('completed'));
    const first = await get();
    const second = await get('?details_offset=2000');
    expect(second.body.details[0]).toMatchObject({ model: 'model-20' });
    expect(second.etag).not.toBe(first.etag);
    expect(jobs.status).toHaveBeenCalledTimes(2);
    expect((await get()).body).toEqual(first.body);
  });

  it('bounds the answer to a cancel the same way', async () => {
    jobs.cancel.mockResolvedValue(bigReport());
    const res = await app.inject({ method: 'POST', url: '/simulate/jobs/big/cancel' });
    expect(res.json().details).toHaveLength(2000);
    expect(res.json().details_page).toMatchObject({ total: 11_000, next_offset: 2000 });
  });
});
