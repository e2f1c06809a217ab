/**
 * A job's life seen by a client polling GET /simulate/status: statuses, progress, details and the
 * warnings of price preparation, over real HTTP with the fake Alpha Vantage and the fake LLM.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NO_DATES_ERROR } from '../../src/jobs/lifecycle.js';
import { buyAndFinish, startTestServer, type Json, type TestServer } from '../helpers/http-server.js';

describe('a job over HTTP', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers the trigger at once, then goes pending -> downloading_data -> running -> completed', async () => {
    // The full universe makes the download long enough to be seen; the slow LLM does the same for `running`.
    server = await startTestServer({
      symbols: null,
      scripts: { alpha: buyAndFinish('AAPL', 5, 40), beta: buyAndFinish('MSFT', 3, 40) },
    });
    const trigger = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-02' });
    expect(trigger.status).toBe(200);
    expect(trigger.body).toEqual({
      job_id: expect.any(String),
      status: 'pending',
      total_model_days: 4,
      message: 'Simulation job created for 2 dates, 2 models',
      warnings: null,
      deployment_mode: 'PROD',
      is_dev_mode: false,
      preserve_dev_data: null,
    });

    const jobId = trigger.body['job_id'] as string;
    const seen: string[] = ['pending'];
    let sawPartialProgress = false;
    const done = await server.waitFor(jobId, (status) => {
      const current = status['status'] as string;
      if (seen[seen.length - 1] !== current) seen.push(current);
      const progress = status['progress'] as Json;
      if (current === 'running' && progress['completed'] > 0 && progress['pending'] > 0)
        sawPartialProgress = true;
      return ['completed', 'partial', 'failed'].includes(current);
    });
    expect(seen).toEqual(['pending', 'downloading_data', 'running', 'completed']);
    expect(sawPartialProgress).toBe(true);

    expect(done).toMatchObject({
      job_id: jobId,
      status: 'completed',
      progress: { total_model_days: 4, completed: 4, failed: 0, pending: 0, skipped: 0 },
      date_range: ['2025-10-01', '2025-10-02'],
      models: ['alpha', 'beta'],
      error: null,
      warnings: null,
      deployment_mode: 'PROD',
      is_dev_mode: false,
      preserve_dev_data: null,
    });
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
    for (const key of ['created_at', 'started_at', 'completed_at']) expect(done[key]).toMatch(iso);
    expect(done['total_duration_seconds']).toBeGreaterThan(0);
    expect(done['details']).toHaveLength(4);
    for (const detail of done['details'] as Json[]) {
      expect(Object.keys(detail).sort()).toEqual(
        ['completed_at', 'date', 'duration_seconds', 'error', 'model', 'started_at', 'status'].sort(),
      );
      expect(detail).toMatchObject({ status: 'completed', error: null });
      expect(detail['started_at']).toMatch(iso);
      expect(detail['duration_seconds']).toBeGreaterThan(0);
    }
    expect((done['details'] as Json[]).map((d) => `${d['date']} ${d['model']}`)).toEqual([
      '2025-10-01 alpha',
      '2025-10-01 beta',
      '2025-10-02 alpha',
      '2025-10-02 beta',
    ]);
  });

  it("serves a finished job's status with an ETag, and 304 to a client that already has it", async () => {
    server = await startTestServer();
    const trigger = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-01' });
    const jobId = trigger.body['job_id'] as string;
    const done = await server.waitFor(jobId);
    const first = await server.request('GET', `/simulate/status/${jobId}`);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    expect(first.body).toEqual(done);
    const again = await server.request('GET', `/simulate/status/${jobId}`, undefined, {
      'if-none-match': etag,
    });
    expect(again.status).toBe(304);
    expect(again.body).toEqual({});
    const changed = await server.request('GET', `/simulate/status/${jobId}`, undefined, {
      'if-none-match': '"other"',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual(done);
  });

  it('gives an active job a fresh ETag whenever its status changes', async () => {
    server = await startTestServer({
      scripts: { alpha: buyAndFinish('AAPL', 1, 200), beta: buyAndFinish('AAPL', 1, 200) },
    });
    const trigger = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-02' });
    const jobId = trigger.body['job_id'] as string;
    const early = await server.request('GET', `/simulate/status/${jobId}`);
    await server.waitFor(jobId);
    const late = await server.request('GET', `/simulate/status/${jobId}`, undefined, {
      'if-none-match': early.headers.get('etag') ?? '',
    });
    expect(late.status).toBe(200);
    expect(late.headers.get('etag')).not.toBe(early.headers.get('etag'));
  });

  it('lists jobs newest first with paging and a status filter', async () => {
    server = await startTestServer();
    const first = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-01' });
    await server.waitFor(first.body['job_id'] as string);
    const second = await server.trigger({ start_date: '2025-10-02', end_date: '2025-10-02' });
    await server.waitFor(second.body['job_id'] as string);

    const all = await server.request('GET', '/simulate/jobs?status=');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 2, limit: 20, offset: 0 });
    expect((all.body['jobs'] as Json[]).map((j) => j['job_id'])).toEqual([
      second.body['job_id'],
      first.body['job_id'],
    ]);
    expect(Object.keys((all.body['jobs'] as Json[])[0] ?? {})).toContain('date_range');

    const page = await server.request('GET', '/simulate/jobs?limit=1&offset=1&status=completed');
    expect(page.body).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect((page.body['jobs'] as Json[]).map((j) => j['job_id'])).toEqual([first.body['job_id']]);

    expect((await server.request('GET', '/simulate/jobs?status=failed')).body).toMatchObject({
      total: 0,
      jobs: [],
    });
    for (const bad of ['limit=0', 'limit=101', 'offset=-1', 'status=done', 'limit=ten']) {
      const res = await server.request('GET', `/simulate/jobs?${bad}`);
      expect(res.status, bad).toBe(422);
      expect((res.body['detail'] as Json[])[0]?.['loc']?.[0], bad).toBe('query');
    }
  });

  it('reports the daily limit during the download as a warning and still runs what it has', async () => {
    server = await startTestServer({ symbols: null });
    server.alphaVantage.rateLimitAfter(3);
    const trigger = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-01' });
    const done = await server.waitFor(trigger.body['job_id'] as string);

    expect(done['status']).toBe('completed');
    expect(done['warnings']).toContain(
      'Alpha Vantage daily request limit reached - downloaded 3/102 symbols; the job continues with the prices stored',
    );
    // 101 tradable symbols, 3 downloaded (QQQ, the benchmark, was not among them).
    expect((done['warnings'] as string[]).some((w) => w.startsWith('98 symbols have no price data'))).toBe(
      true,
    );
  });

  it('names the missing ALPHAADVANTAGE_API_KEY when a PROD job has nothing to download from', async () => {
    server = await startTestServer({ symbols: null, env: { ALPHAADVANTAGE_API_KEY: '' } });
    const trigger = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-01' });
    const done = await server.waitFor(trigger.body['job_id'] as string);

    expect(done['status']).toBe('failed');
    expect(done['warnings']).toContain(
      '102 symbols could not be downloaded: ALPHAADVANTAGE_API_KEY is not set',
    );
    expect(server.alphaVantage.requests).toHaveLength(0);
  });

  it('skips sessions without prices and says which, keeping the days that ran', async () => {
    server = await startTestServer();
    // The fixtures end on 2025-10-30: the next two sessions have no bars.
    const trigger = await server.trigger({ start_date: '2025-10-30', end_date: '2025-11-03' });
    expect(trigger.body['total_model_days']).toBe(6);
    const done = await server.waitFor(trigger.body['job_id'] as string);

    expect(done['status']).toBe('completed');
    expect(done['warnings']).toContain(
      "Skipped 2 dates due to incomplete price data: ['2025-10-31', '2025-11-03']",
    );
    expect(done['progress']).toMatchObject({ completed: 2, skipped: 4, failed: 0, pending: 0 });
    const skipped = (done['details'] as Json[]).filter((d) => d['status'] === 'skipped');
    expect(skipped.map((d) => d['date'])).toEqual(['2025-10-31', '2025-10-31', '2025-11-03', '2025-11-03']);
    for (const d of skipped) expect(d['error']).toMatch(/^Incomplete price data/);
  });

  it('fails a job with nothing left to run, keeping its warnings', async () => {
    server = await startTestServer();
    const trigger = await server.trigger({ start_date: '2025-10-31', end_date: '2025-10-31' });
    const done = await server.waitFor(trigger.body['job_id'] as string);

    expect(done['status']).toBe('failed');
    expect(done['error']).toBe(NO_DATES_ERROR);
    expect(done['warnings']).toEqual(["Skipped 1 dates due to incomplete price data: ['2025-10-31']"]);
    expect(server.llm.callCount()).toBe(0);
  });

  it('in DEV mode runs the mock models, says so in every answer, and calls no LLM', async () => {
    server = await startTestServer({ env: { DEPLOYMENT_MODE: 'DEV' } });
    const dev = { deployment_mode: 'DEV', is_dev_mode: true, preserve_dev_data: false };
    const trigger = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-02' });
    expect(trigger.body).toMatchObject(dev);
    const done = await server.waitFor(trigger.body['job_id'] as string);
    expect(done).toMatchObject({ status: 'completed', ...dev });
    expect((await server.request('GET', '/health')).body).toMatchObject(dev);
    expect(server.llm.callCount()).toBe(0);
  });

  it('marks a failing model`s days failed with the reason and ends the job partial', async () => {
    server = await startTestServer({
      scripts: {
        beta: { status: 500, body: { error: { message: 'model exploded', type: 'server_error' } } },
      },
    });
    const trigger = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-02' });
    const done = await server.waitFor(trigger.body['job_id'] as string);

    expect(done['status']).toBe('partial');
    expect(done['progress']).toMatchObject({ completed: 2, failed: 2, skipped: 0, pending: 0 });
    expect(done['error']).toBe('2 of 4 model-days failed');
    for (const d of done['details'] as Json[]) {
      if (d['model'] === 'alpha') expect(d).toMatchObject({ status: 'completed', error: null });
      else {
        expect(d['status']).toBe('failed');
        expect(d['error']).toMatch(/^Execution failed: /);
        expect(d['error']).not.toContain('sk-test');
      }
    }
    // Nothing of a failed day is stored: results hold alpha only.
    const results = await server.request('GET', '/results?start_date=2025-10-01&end_date=2025-10-02');
    expect((results.body['results'] as Json[]).map((r) => r['model'])).toEqual(['alpha']);
  });
});
