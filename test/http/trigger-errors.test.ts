/**
 * Every refusal of POST /simulate/trigger and GET /simulate/status, over real HTTP, with the
 * messages the original server gave (contract section 4).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayUtc } from '../../src/core/dates.js';
import { BUSY_MESSAGE } from '../../src/jobs/job-service.js';
import { buyAndFinish, startTestServer, type TestServer } from '../helpers/http-server.js';

describe('POST /simulate/trigger refusals', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('answers 400 when start_date is after end_date', async () => {
    const res = await server.trigger({ start_date: '2025-10-10', end_date: '2025-10-01' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: 'start_date (2025-10-10) must be <= end_date (2025-10-01)' });
  });

  it('answers 400 when the range is larger than MAX_SIMULATION_DAYS', async () => {
    const res = await server.trigger({ start_date: '2025-09-01', end_date: '2025-10-30' });
    expect(res.status).toBe(400);
    expect(res.body['detail']).toMatch(/^Date range too large: 60 days \(max: 30\)\. /);
  });

  it('answers 400 when end_date is in the future', async () => {
    const tomorrow = addDays(todayUtc(new Date()), 1);
    const res = await server.trigger({ start_date: '2025-10-01', end_date: tomorrow });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: `end_date (${tomorrow}) cannot be in the future` });
  });

  it('answers 400 naming the unknown models', async () => {
    const res = await server.trigger({
      start_date: '2025-10-01',
      end_date: '2025-10-01',
      models: ['alpha', 'ghost', 'phantom'],
    });
    expect(res.status).toBe(400);
    expect(res.body['detail']).toContain('ghost, phantom');
    expect(res.body['detail']).not.toMatch(/Unknown[^.]*alpha,/);
  });

  it.each(['start_date', 'end_date'])(
    'answers 422 for a %s that is not a real YYYY-MM-DD day, in the original words',
    async (field) => {
      const res = await server.trigger({ end_date: '2025-10-01', [field]: '2025-13-01' });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({
        detail: [
          {
            loc: ['body', field],
            msg: 'Value error, Invalid date format: 2025-13-01. Expected YYYY-MM-DD',
            type: 'value_error',
          },
        ],
      });
    },
  );

  it.each([
    ['missing', {}],
    ['null', { end_date: null }],
    ['empty', { end_date: '' }],
  ])('answers 422 with the original reason when end_date is %s', async (_case, body) => {
    const res = await server.trigger({ start_date: '2025-10-01', ...body });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      detail: [
        {
          loc: ['body', 'end_date'],
          msg: 'Value error, end_date is required and cannot be null or empty',
          type: 'value_error',
        },
      ],
    });
  });

  it('answers 422 when a field has the wrong type', async () => {
    const res = await server.trigger({ end_date: '2025-10-01', models: 'alpha', replace_existing: 'yes' });
    expect(res.status).toBe(422);
    const locs = (res.body['detail'] as { loc: unknown[] }[]).map((d) => d.loc);
    expect(locs).toEqual(
      expect.arrayContaining([
        ['body', 'models'],
        ['body', 'replace_existing'],
      ]),
    );
  });

  it('answers 422 for a body that is not JSON', async () => {
    const res = await server.request('POST', '/simulate/trigger', '{"end_date": ');
    expect(res.status).toBe(422);
    expect(res.body['detail']).toEqual([{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }]);
  });

  it('answers 413 for a body over the size limit', async () => {
    const res = await server.trigger({ end_date: '2025-10-01', models: ['x'.repeat(70 * 1024)] });
    expect(res.status).toBe(413);
    expect(typeof res.body['detail']).toBe('string');
  });

  it('answers 404 with the original message for an unknown job', async () => {
    const res = await server.request('GET', '/simulate/status/no-such-job');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: 'Job no-such-job not found' });
  });

  it('answers 404 {detail: "Not Found"} for an unknown route', async () => {
    const res = await server.request('GET', '/simulate/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: 'Not Found' });
  });
});

describe('POST /simulate/trigger refusals that depend on state', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers 400 when no model is enabled in the config', async () => {
    server = await startTestServer({ models: [{ signature: 'alpha', enabled: false }] });
    const res = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-01' });
    expect(res.status).toBe(400);
    expect(res.body['detail']).toMatch(/^No enabled models found in config\. /);
  });

  it('answers 400 while another job is active (MAX_CONCURRENT_JOBS=1)', async () => {
    server = await startTestServer({
      env: { MAX_CONCURRENT_JOBS: '1' },
      scripts: { alpha: buyAndFinish('AAPL', 1, 300), beta: buyAndFinish('AAPL', 1, 300) },
    });
    const first = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-02' });
    expect(first.status).toBe(200);
    const second = await server.trigger({ start_date: '2025-10-06', end_date: '2025-10-07' });
    expect(second.status).toBe(400);
    expect(second.body).toEqual({ detail: BUSY_MESSAGE });
  });

  it('answers 400 when every requested model-day has already completed', async () => {
    server = await startTestServer();
    const body = { start_date: '2025-10-01', end_date: '2025-10-02' };
    const first = await server.trigger(body);
    expect((await server.waitFor(first.body['job_id'] as string))['status']).toBe('completed');

    const again = await server.trigger(body);
    expect(again.status).toBe(400);
    expect(again.body['detail']).toMatch(/^All requested simulations are already completed\. /);
  });
});
