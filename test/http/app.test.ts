/**
 * The HTTP layer alone, through `app.inject()` with stand-in services: how each kind of failure is
 * answered, what reaches the services, and that nothing internal leaks to a client.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { readEnv } from '../../src/config/env.js';
import { JobEventFeed } from '../../src/jobs/job-events.js';
import { buildApp, type HttpApp, type HttpDeps } from '../../src/http/app.js';
import {
  JobConflictError,
  JobNotFoundError,
  type CreatedJob,
  type JobReport,
  type JobService,
} from '../../src/jobs/job-service.js';
import { TriggerError } from '../../src/jobs/trigger-plan.js';
import { US_MARKET } from '../../src/core/markets/index.js';
import { InvalidResultsQueryError, NoResultsError } from '../../src/results/results-errors.js';
import type { ResultsService } from '../../src/results/results-service.js';
import { standInJobs, standInResults } from '../helpers/stand-in-app.js';
import { openTempSqlite } from '../helpers/temp-db.js';

const NOW = new Date('2025-11-01T12:00:00.000Z');
const DEPLOYMENT = { mode: 'DEV', preserveDevData: false } as const;
const DEPLOYMENT_FIELDS = { deployment_mode: 'DEV', is_dev_mode: true, preserve_dev_data: false } as const;
/** What a results answer of the us market adds after the original's fields. */
const US_FIELDS = { market: 'us', currency: { code: 'USD', symbol: '$', decimals: 2 } } as const;

const report = (jobId: string): JobReport => ({
  job: {
    jobId,
    market: 'us',
    status: 'running',
    dateRange: ['2025-10-01'],
    models: ['alpha'],
    createdAt: '2025-11-01T11:59:00.000Z',
    startedAt: '2025-11-01T11:59:01.000Z',
    updatedAt: '2025-11-01T11:59:02.000Z',
    completedAt: null,
    totalDurationSeconds: null,
    error: null,
    warnings: [],
    resumeMode: false,
    cancelRequested: false,
  },
  details: [
    {
      date: '2025-10-01',
      model: 'alpha',
      status: 'running',
      error: null,
      startedAt: '2025-11-01T11:59:02.000Z',
      completedAt: null,
      durationSeconds: null,
    },
  ],
});

/** The original's wire shape of `report(jobId)`: running counts as pending, no warnings is null. */
const statusAnswer = (jobId: string) => ({
  job_id: jobId,
  status: 'running',
  progress: { total_model_days: 1, completed: 0, failed: 0, pending: 1, skipped: 0 },
  date_range: ['2025-10-01'],
  models: ['alpha'],
  // Added beside the original's fields: the market the job trades.
  market: 'us',
  created_at: '2025-11-01T11:59:00.000Z',
  started_at: '2025-11-01T11:59:01.000Z',
  completed_at: null,
  total_duration_seconds: null,
  error: null,
  details: [
    {
      date: '2025-10-01',
      model: 'alpha',
      status: 'running',
      error: null,
      started_at: '2025-11-01T11:59:02.000Z',
      completed_at: null,
      duration_seconds: null,
    },
  ],
  warnings: null,
  ...DEPLOYMENT_FIELDS,
});

const created = (jobId: string, warnings: string[] = []): CreatedJob => ({
  jobId,
  totalModelDays: 2,
  dateCount: 1,
  modelCount: 2,
  resumeMode: true,
  warnings,
});

describe('the HTTP app with stand-in services', () => {
  let db: Awaited<ReturnType<typeof openTempSqlite>>;
  let app: HttpApp;
  let logText: string;
  const jobs = standInJobs();
  const results = standInResults();

  function build(env: Record<string, string> = {}, deployment: HttpDeps['deployment'] = DEPLOYMENT): HttpApp {
    const parsed = readEnv({ LOG_LEVEL: 'info', ...env });
    const deps: HttpDeps = {
      jobs: jobs as unknown as JobService,
      events: new JobEventFeed(jobs as unknown as JobService, {
        dayOutcomes: () => Promise.resolve(new Map()),
      }),
      results: results as unknown as ResultsService,
      deployment,
      database: db,
      logger: createLogger(parsed, { destination: { write: (line: string) => void (logText += line) } }),
      now: () => NOW,
      env: parsed,
    };
    return buildApp(deps);
  }

  beforeEach(async () => {
    vi.resetAllMocks();
    results.dataVersion.mockResolvedValue('1.0');
    jobs.statusFingerprint.mockResolvedValue('fp-1');
    logText = '';
    db = await openTempSqlite();
    app = build();
  });
  afterEach(async () => {
    await app.close();
    await db.dispose();
  });

  it('passes the trigger to the job service and answers in the original words, with the deployment fields', async () => {
    jobs.trigger.mockResolvedValue(created('j1'));
    const body = {
      start_date: null,
      end_date: '2025-10-01',
      models: ['alpha', 'beta'],
      replace_existing: true,
    };
    const res = await app.inject({ method: 'POST', url: '/simulate/trigger', payload: body });
    expect(res.statusCode).toBe(200);
    expect(jobs.trigger).toHaveBeenCalledWith({
      startDate: null,
      endDate: '2025-10-01',
      models: ['alpha', 'beta'],
      replaceExisting: true,
    });
    expect(res.json()).toEqual({
      job_id: 'j1',
      status: 'pending',
      total_model_days: 2,
      message: 'Simulation job created for 1 dates, 2 models (resume mode)',
      warnings: null,
      ...DEPLOYMENT_FIELDS,
    });
  });

  it('lists the warnings of a trigger that has some', async () => {
    jobs.trigger.mockResolvedValue(created('j2', ['Skipped alpha/2025-10-01 - already completed']));
    const res = await app.inject({
      method: 'POST',
      url: '/simulate/trigger',
      payload: { end_date: '2025-10-01' },
    });
    expect(res.json()['warnings']).toEqual(['Skipped alpha/2025-10-01 - already completed']);
  });

  it('answers preserve_dev_data null in PROD, as the original did', async () => {
    await app.close();
    app = build({}, { mode: 'PROD', preserveDevData: false });
    jobs.trigger.mockResolvedValue(created('j3'));
    const res = await app.inject({
      method: 'POST',
      url: '/simulate/trigger',
      payload: { end_date: '2025-10-01' },
    });
    expect(res.json()).toMatchObject({
      deployment_mode: 'PROD',
      is_dev_mode: false,
      preserve_dev_data: null,
    });
    expect((await app.inject({ url: '/health' })).json()).toMatchObject({ preserve_dev_data: null });
  });

  it('ignores unknown body fields, as the original did', async () => {
    jobs.trigger.mockResolvedValue(created('j'));
    const res = await app.inject({
      method: 'POST',
      url: '/simulate/trigger',
      payload: { end_date: '2025-10-01', config_path: '/etc/passwd' },
    });
    expect(res.statusCode).toBe(200);
    expect(jobs.trigger).toHaveBeenCalledWith({
      startDate: null,
      endDate: '2025-10-01',
      models: null,
      replaceExisting: false,
    });
  });

  it('answers a missing body with 422 at loc ["body"]', async () => {
    const res = await app.inject({ method: 'POST', url: '/simulate/trigger' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({ detail: [{ loc: ['body'], msg: 'Field required', type: 'missing' }] });
    expect(jobs.trigger).not.toHaveBeenCalled();
  });

  it('names the position of a bad array element in loc', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/simulate/trigger',
      payload: { end_date: '2025-10-01', models: ['alpha', 7] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      detail: [{ loc: ['body', 'models', 1], msg: expect.any(String), type: 'string_type' }],
    });
  });

  it.each([
    [new TriggerError('start_date (b) must be <= end_date (a)'), 400],
    [new JobNotFoundError('zzz'), 404],
    [new JobConflictError('Job zzz is already completed and cannot be cancelled'), 400],
  ])('answers %s with status %i and its message as detail', async (error, status) => {
    jobs.cancel.mockRejectedValue(error);
    const res = await app.inject({ method: 'POST', url: '/simulate/jobs/zzz/cancel' });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual({ detail: error.message });
  });

  it('answers the results service`s own statuses', async () => {
    results.getResults.mockRejectedValueOnce(
      new InvalidResultsQueryError('start_date must be <= end_date (2025-10-02 > 2025-10-01)'),
    );
    const refused = await app.inject({ url: '/results?start_date=2025-10-02&end_date=2025-10-01' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({ detail: 'start_date must be <= end_date (2025-10-02 > 2025-10-01)' });
    results.getResults.mockRejectedValueOnce(new NoResultsError());
    const none = await app.inject({ url: '/results' });
    expect(none.statusCode).toBe(404);
    expect(none.json()).toEqual({ detail: 'No trading data found for the specified filters' });
  });

  it('hands the results query, the clock and the lookback to the results service', async () => {
    results.getResults.mockResolvedValue({ market: US_MARKET, mode: 'single-date', days: [] });
    const res = await app.inject({
      url: '/results?start_date=2025-10-01&end_date=&model=alpha&reasoning=summary',
    });
    expect(res.json()).toEqual({ count: 0, results: [], ...US_FIELDS });
    expect(results.getResults).toHaveBeenCalledWith(
      {
        startDate: '2025-10-01',
        endDate: undefined,
        model: 'alpha',
        jobId: undefined,
        market: undefined,
        reasoning: 'summary',
      },
      NOW,
      30,
    );
    await app.inject({ url: '/results?job_id=j1&market=crypto' });
    expect(results.getResults).toHaveBeenLastCalledWith(
      {
        startDate: undefined,
        endDate: undefined,
        model: undefined,
        jobId: 'j1',
        market: 'crypto',
        reasoning: 'none',
      },
      NOW,
      30,
    );
  });

  it('computes a results answer once per data version, and answers 304 to a client holding it', async () => {
    results.getResults.mockResolvedValue({ market: US_MARKET, mode: 'single-date', days: [] });
    const url = '/results?start_date=2025-10-01&end_date=2025-10-01';
    const first = await app.inject({ url });
    const etag = first.headers['etag'] as string;
    expect(etag).toBe('"v1.0-2025-11-01"');
    expect((await app.inject({ url })).json()).toEqual(first.json());
    expect(results.getResults).toHaveBeenCalledTimes(1);
    expect((await app.inject({ url, headers: { 'if-none-match': etag } })).statusCode).toBe(304);

    // A committed day moves the version: the answer is computed again, under a new ETag.
    results.dataVersion.mockResolvedValue('2.0');
    const later = await app.inject({ url, headers: { 'if-none-match': etag } });
    expect(later.statusCode).toBe(200);
    expect(later.headers['etag']).toBe('"v2.0-2025-11-01"');
    expect(results.getResults).toHaveBeenCalledTimes(2);
  });

  it('refuses an unknown reasoning level with 422 before asking the results service', async () => {
    const res = await app.inject({ url: '/results?reasoning=verbose' });
    expect(res.statusCode).toBe(422);
    expect(res.json()['detail']).toEqual([
      expect.objectContaining({ loc: ['query', 'reasoning'], type: 'value_error' }),
    ]);
    expect(results.getResults).not.toHaveBeenCalled();
  });

  it('rejects date= before asking the results service', async () => {
    const res = await app.inject({ url: '/results?date=2025-10-01' });
    expect(res.statusCode).toBe(422);
    expect(res.json()['detail']).toMatch(/^The 'date' parameter has been removed\./);
    expect(results.getResults).not.toHaveBeenCalled();
  });

  it('hands the leaderboard query to the results service, refusing date= first', async () => {
    results.leaderboard.mockResolvedValue({
      market: US_MARKET,
      startDate: null,
      endDate: null,
      entries: [],
      benchmark: null,
    });
    const res = await app.inject({ url: '/results/leaderboard?model=alpha&job_id=j1&start_date=' });
    expect(res.json()).toEqual({
      start_date: null,
      end_date: null,
      entries: [],
      benchmark: null,
      ...US_FIELDS,
    });
    expect(results.leaderboard).toHaveBeenCalledWith(
      { startDate: undefined, endDate: undefined, model: 'alpha', jobId: 'j1', market: undefined },
      NOW,
    );
    const removed = await app.inject({ url: '/results/leaderboard?date=2025-10-01' });
    expect(removed.statusCode).toBe(422);
    expect(removed.json()['detail']).toMatch(/^The 'date' parameter has been removed\./);
    expect(results.leaderboard).toHaveBeenCalledTimes(1);
  });

  it('hands parsed paging to the job list', async () => {
    jobs.list.mockResolvedValue({ jobs: [], total: 0 });
    const res = await app.inject({ url: '/simulate/jobs?limit=5&offset=10&status=running' });
    expect(res.statusCode).toBe(200);
    expect(jobs.list).toHaveBeenCalledWith({ limit: 5, offset: 10, status: 'running' });
  });

  it('answers an unexpected failure with a fixed 500 and logs it, without leaking the cause', async () => {
    jobs.status.mockRejectedValue(new Error('connect ECONNREFUSED postgres://admin:hunter2@db'));
    const res = await app.inject({ url: '/simulate/status/job-42' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ detail: 'Internal server error' });
    expect(res.body).not.toContain('hunter2');
    const errorLine = logText
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l['msg'] === 'unhandled error');
    expect(errorLine?.['job_id']).toBe('job-42');
  });

  it('answers a status and a cancel in the wire shape, with the deployment fields', async () => {
    jobs.status.mockResolvedValue(report('j7'));
    jobs.cancel.mockResolvedValue(report('j7'));
    const status = await app.inject({ url: '/simulate/status/j7' });
    expect(status.json()).toEqual(statusAnswer('j7'));
    const cancel = await app.inject({ method: 'POST', url: '/simulate/jobs/j7/cancel' });
    expect(cancel.json()).toEqual(statusAnswer('j7'));
    expect(jobs.cancel).toHaveBeenCalledWith('j7');
  });

  it('answers 503 unhealthy when the database does not answer', async () => {
    await db.db.destroy();
    const res = await app.inject({ url: '/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      status: 'unhealthy',
      database: 'disconnected',
      detail: 'driver has already been destroyed',
      timestamp: NOW.toISOString(),
      ...DEPLOYMENT_FIELDS,
      market: 'us',
    });
  });

  it('answers a malformed URL in the detail shape', async () => {
    const res = await app.inject({ url: '/results%E0%A4%A' });
    expect(res.statusCode).toBe(400);
    expect(typeof res.json()['detail']).toBe('string');
  });

  it('answers a job id the router cannot decode as an unknown job, without asking the service', async () => {
    const res = await app.inject({ url: '/simulate/status/%E0%A4%A' });
    expect(res.statusCode).toBe(404);
    // Decoded as the original's server did: the bytes that are not UTF-8 as U+FFFD.
    expect(res.json()).toEqual({ detail: 'Job \uFFFD%A not found' });
    expect(jobs.status).not.toHaveBeenCalled();
  });

  it('guards POST endpoints only when API_TOKEN is set, and never logs the header', async () => {
    await app.close();
    app = build({ API_TOKEN: 'tok' });
    jobs.trigger.mockResolvedValue(created('j'));
    const denied = await app.inject({
      method: 'POST',
      url: '/simulate/trigger',
      payload: { end_date: '2025-10-01' },
    });
    expect(denied.statusCode).toBe(401);
    expect(jobs.trigger).not.toHaveBeenCalled();
    const allowed = await app.inject({
      method: 'POST',
      url: '/simulate/trigger',
      payload: { end_date: '2025-10-01' },
      headers: { authorization: 'bearer tok' },
    });
    expect(allowed.statusCode).toBe(200);
    // The cancel route sits in a scope of its own (for its body parser): still guarded.
    const cancel = await app.inject({ method: 'POST', url: '/simulate/jobs/j/cancel' });
    expect(cancel.statusCode).toBe(401);
    expect(jobs.cancel).not.toHaveBeenCalled();
    // Unknown routes stay 404 for everyone; reads stay open.
    expect((await app.inject({ method: 'POST', url: '/nowhere' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    expect(logText).not.toContain('tok"');
    expect(logText.toLowerCase()).not.toContain('bearer');
  });
});
