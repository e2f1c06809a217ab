/**
 * ../shared/spec/original-conformance.md, line by line: what the original server answered and its
 * clients rely on, over real HTTP. Deliberate differences are listed in README ("Differences from
 * the original") and tested where they are implemented.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseAppConfig } from '../../src/config/app-config.js';
import { addDays, todayUtc } from '../../src/core/dates.js';
import { buyAndFinish, startTestServer, type Json, type TestServer } from '../helpers/http-server.js';

describe('config file', () => {
  const original = JSON.parse(readFileSync('test/data/original-config.json', 'utf8')) as Json;

  it("accepts the original's keys (agent_type, date_range, log_config) and still refuses a typo", () => {
    expect(() => parseAppConfig(original)).not.toThrow();
    for (const typo of [{ max_step: 3 }]) {
      expect(() => parseAppConfig({ ...original, agent_config: typo })).toThrow(ConfigError);
    }
    const models = [{ ...original['models'][0], enabeld: true }];
    expect(() => parseAppConfig({ ...original, models })).toThrow(/enabeld/);
  });
});

describe('POST /simulate/trigger', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const valueError = (field: string, msg: string) => ({
    detail: [{ loc: ['body', field], msg: `Value error, ${msg}`, type: 'value_error' }],
  });

  it.each([
    ['missing', {}],
    ['null', { end_date: null }],
    ['empty', { end_date: '' }],
  ])('answers a %s end_date with 422 and the reason in a detail list', async (_case, body) => {
    const res = await server.trigger(body);
    expect(res.status).toBe(422);
    expect(res.body).toEqual(valueError('end_date', 'end_date is required and cannot be null or empty'));
  });

  it.each(['2025-13-01', '2025-02-30', '10/01/2025'])(
    'answers the date %s with 422 Invalid date format',
    async (date) => {
      const res = await server.trigger({ end_date: date });
      expect(res.status).toBe(422);
      expect(res.body).toEqual(valueError('end_date', `Invalid date format: ${date}. Expected YYYY-MM-DD`));
    },
  );

  it('answers a body that is not JSON with 422', async () => {
    const res = await server.request('POST', '/simulate/trigger', 'end_date=2025-10-01');
    expect(res.status).toBe(422);
    expect(Array.isArray(res.body['detail'])).toBe(true);
  });

  it.each([
    [
      { start_date: '2025-10-09', end_date: '2025-10-01' },
      'start_date (2025-10-09) must be <= end_date (2025-10-01)',
    ],
    [
      { start_date: '2025-08-01', end_date: '2025-10-01' },
      'Date range too large: 62 days (max: 30). Reduce range or increase MAX_SIMULATION_DAYS.',
    ],
  ])('answers %j with 400 and the original text', async (body, detail) => {
    const res = await server.trigger(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail });
  });

  it('answers a future end_date (and so a future start_date) with 400', async () => {
    const future = addDays(todayUtc(new Date()), 3);
    const end = await server.trigger({ end_date: future });
    expect(end.body).toEqual({ detail: `end_date (${future}) cannot be in the future` });
    const start = await server.trigger({ start_date: future, end_date: future });
    expect(start.status).toBe(400);
    expect(start.body['detail']).toContain('cannot be in the future');
  });

  it('answers null warnings and null preserve_dev_data in PROD, on trigger and status', async () => {
    const res = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-01' });
    expect(res.body).toMatchObject({
      warnings: null,
      deployment_mode: 'PROD',
      is_dev_mode: false,
      preserve_dev_data: null,
    });
    const status = await server.waitFor(res.body['job_id'] as string);
    expect(status).toMatchObject({ warnings: null, preserve_dev_data: null });
    expect((await server.request('GET', '/health')).body).toMatchObject({ preserve_dev_data: null });
  });

  it('adds one warning per skipped pair, and refuses when everything is done', async () => {
    const done = await server.trigger({ start_date: '2025-10-02', end_date: '2025-10-02' });
    await server.waitFor(done.body['job_id'] as string);
    const overlap = await server.trigger({
      start_date: '2025-10-02',
      end_date: '2025-10-03',
      models: ['alpha'],
    });
    expect(overlap.body['warnings']).toEqual(['Skipped alpha/2025-10-02 - already completed']);
    await server.waitFor(overlap.body['job_id'] as string);

    const again = await server.trigger({
      start_date: '2025-10-02',
      end_date: '2025-10-03',
      models: ['alpha'],
    });
    expect(again.status).toBe(400);
    expect(again.body['detail']).toBe(
      "All requested simulations are already completed. Skipped 2 model-day pair(s). Details: ['Skipped alpha/2025-10-02 - already completed', 'Skipped alpha/2025-10-03 - already completed']",
    );
  });
});

describe('POST /simulate/trigger while a job is active', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("answers 400 'already running'", async () => {
    server = await startTestServer({
      scripts: { alpha: buyAndFinish('AAPL', 1, 300), beta: buyAndFinish('AAPL', 1, 300) },
    });
    await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-01' });
    const second = await server.trigger({ start_date: '2025-10-06', end_date: '2025-10-06' });
    expect(second.status).toBe(400);
    expect(second.body['detail']).toContain('already running');
  });

  it('answers preserve_dev_data as a boolean in DEV, on trigger, status and health', async () => {
    server = await startTestServer({ env: { DEPLOYMENT_MODE: 'DEV', PRESERVE_DEV_DATA: 'true' } });
    const res = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-01' });
    expect(res.body).toMatchObject({ deployment_mode: 'DEV', is_dev_mode: true, preserve_dev_data: true });
    expect(await server.waitFor(res.body['job_id'] as string)).toMatchObject({ preserve_dev_data: true });
    expect((await server.request('GET', '/health')).body).toMatchObject({ preserve_dev_data: true });
  });
});

describe('GET /results and GET /simulate/status', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('answers start_date after end_date with 400 "start_date must be <= end_date"', async () => {
    const res = await server.request('GET', '/results?start_date=2025-10-09&end_date=2025-10-01');
    expect(res.status).toBe(400);
    expect(res.body['detail']).toContain('start_date must be <= end_date');
  });

  it('answers a future date with 400 "Cannot query future dates"', async () => {
    const future = addDays(todayUtc(new Date()), 2);
    const res = await server.request('GET', `/results?start_date=${future}&end_date=${future}`);
    expect(res.status).toBe(400);
    expect(res.body['detail']).toContain('Cannot query future dates');
  });

  it('answers another reasoning level and the removed date= with 422, and no data with 404', async () => {
    expect((await server.request('GET', '/results?reasoning=verbose')).status).toBe(422);
    expect((await server.request('GET', '/results?date=2025-10-01')).status).toBe(422);
    const none = await server.request('GET', '/results?start_date=2025-10-01&end_date=2025-10-01');
    expect(none.status).toBe(404);
    expect(none.body).toEqual({ detail: 'No trading data found for the specified filters' });
  });

  it.each(['no-such-job', 'not a uuid!', '00000000-0000-0000-0000-000000000000'])(
    'answers the unknown or malformed id %j with 404 Job {id} not found',
    async (id) => {
      const res = await server.request('GET', `/simulate/status/${encodeURIComponent(id)}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail: `Job ${id} not found` });
    },
  );

  it('reports progress whose original fields still add up: completed + failed + pending = total - skipped', async () => {
    const res = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-03' });
    const status = await server.waitFor(res.body['job_id'] as string);
    const p = status['progress'] as Json;
    expect(Object.keys(p).sort()).toEqual(['completed', 'failed', 'pending', 'skipped', 'total_model_days']);
    expect(p['completed'] + p['failed'] + p['pending']).toBe(p['total_model_days'] - p['skipped']);
  });
});
