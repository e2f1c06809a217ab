/**
 * How jobs build on each other: idempotent triggers, resume mode, replace_existing and one
 * portfolio per model across jobs, all observed through the HTTP API.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  basemodelOf,
  buyAndFinish,
  startTestServer,
  type Json,
  type TestServer,
} from '../helpers/http-server.js';

describe('jobs that follow other jobs', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(() => server.close());

  async function runJob(body: Record<string, unknown>): Promise<{ trigger: Json; status: Json }> {
    const trigger = await server.trigger(body);
    expect(trigger.status, JSON.stringify(trigger.body)).toBe(200);
    const status = await server.waitFor(trigger.body['job_id'] as string);
    return { trigger: trigger.body, status };
  }

  async function day(date: string, model: string): Promise<Json> {
    const res = await server.request('GET', `/results?start_date=${date}&end_date=${date}&model=${model}`);
    expect(res.status).toBe(200);
    const item = (res.body['results'] as Json[])[0];
    if (!item) throw new Error(`no result for ${model} on ${date}`);
    return item;
  }

  it('runs only the new days of a partly overlapping trigger and names the skipped ones', async () => {
    await runJob({ start_date: '2025-10-01', end_date: '2025-10-02' });
    const calls = server.llm.callCount();

    const { trigger, status } = await runJob({ start_date: '2025-10-01', end_date: '2025-10-03' });
    expect(trigger['total_model_days']).toBe(2);
    expect(trigger['message']).toBe('Simulation job created for 1 dates, 2 models');
    // One warning per skipped pair, in the original's words.
    expect(trigger['warnings']).toEqual([
      'Skipped alpha/2025-10-01 - already completed',
      'Skipped alpha/2025-10-02 - already completed',
      'Skipped beta/2025-10-01 - already completed',
      'Skipped beta/2025-10-02 - already completed',
    ]);
    expect(status['date_range']).toEqual(['2025-10-03']);
    expect(status['status']).toBe('completed');
    expect(status['warnings']).toEqual(trigger['warnings']);
    // Three calls per model-day: the buy, the finish, the summary.
    expect(server.llm.callCount() - calls).toBe(2 * 3);
  });

  it('in resume mode starts cold at end_date, then continues from each model`s last day', async () => {
    const cold = await runJob({ end_date: '2025-10-03' });
    expect(cold.trigger['message']).toBe('Simulation job created for 1 dates, 2 models (resume mode)');
    expect(cold.status['date_range']).toEqual(['2025-10-03']);

    // 2025-10-04/05 are a weekend: the next sessions are the 6th and 7th.
    const next = await runJob({ start_date: null, end_date: '2025-10-07' });
    expect(next.trigger['message']).toBe('Simulation job created for 2 dates, 2 models (resume mode)');
    expect(next.status['date_range']).toEqual(['2025-10-06', '2025-10-07']);
    expect(next.status['status']).toBe('completed');

    const again = await server.trigger({ start_date: '', end_date: '2025-10-07' });
    expect(again.status).toBe(400);
    expect(again.body['detail']).toMatch(/^All requested simulations are already completed\. /);
  });

  it('carries each model`s holdings and cash from one job into the next', async () => {
    const first = await runJob({ start_date: '2025-10-01', end_date: '2025-10-01', models: ['alpha'] });
    const second = await runJob({ start_date: '2025-10-02', end_date: '2025-10-02', models: ['alpha'] });
    expect(first.status['status']).toBe('completed');
    expect(second.status['status']).toBe('completed');

    const before = await day('2025-10-01', 'alpha');
    const after = await day('2025-10-02', 'alpha');
    expect(after['job_id']).not.toBe(before['job_id']);
    expect(before['final_position']['holdings']).toEqual([{ symbol: 'AAPL', quantity: 5 }]);
    expect(after['starting_position']['holdings']).toEqual(before['final_position']['holdings']);
    expect(after['starting_position']['cash']).toBe(before['final_position']['cash']);
    expect(after['final_position']['holdings']).toEqual([{ symbol: 'AAPL', quantity: 10 }]);
    expect(after['daily_metrics']['days_since_last_trading']).toBe(1);
  });

  it('re-runs completed days with replace_existing and hides the superseded ones, later days included', async () => {
    const original = await runJob({ start_date: '2025-10-01', end_date: '2025-10-03' });
    expect(original.status['status']).toBe('completed');

    // The re-run trades differently, so the results show which run they come from.
    server.llm.script(basemodelOf('alpha'), buyAndFinish('MSFT', 2));
    const rerun = await runJob({
      start_date: '2025-10-02',
      end_date: '2025-10-02',
      models: ['alpha'],
      replace_existing: true,
    });
    expect(rerun.trigger['total_model_days']).toBe(1);
    expect(rerun.trigger['warnings']).toEqual([
      'Results of alpha after 2025-10-02 will be superseded when this job commits earlier days (their starting positions change)',
    ]);
    expect(rerun.status['status']).toBe('completed');

    const replaced = await day('2025-10-02', 'alpha');
    expect(replaced['job_id']).toBe(rerun.trigger['job_id']);
    expect(replaced['trades']).toEqual([
      expect.objectContaining({ action_type: 'buy', symbol: 'MSFT', quantity: 2 }),
    ]);

    // alpha's 2025-10-03 started from the replaced day: superseded too. beta is untouched.
    const range = await server.request('GET', '/results?start_date=2025-10-01&end_date=2025-10-03');
    const byModel = new Map((range.body['results'] as Json[]).map((r) => [r['model'], r]));
    expect((byModel.get('alpha')?.['daily_portfolio_values'] as Json[]).map((v) => v['date'])).toEqual([
      '2025-10-01',
      '2025-10-02',
    ]);
    expect(byModel.get('alpha')?.['end_date']).toBe('2025-10-02');
    expect((byModel.get('beta')?.['daily_portfolio_values'] as Json[]).map((v) => v['date'])).toEqual([
      '2025-10-01',
      '2025-10-02',
      '2025-10-03',
    ]);
    const single = await server.request('GET', '/results?start_date=2025-10-03&end_date=2025-10-03');
    expect((single.body['results'] as Json[]).map((r) => r['model'])).toEqual(['beta']);

    // With the superseded day gone, resume mode picks alpha up again from 2025-10-03.
    const resumed = await runJob({ end_date: '2025-10-03' });
    expect(resumed.trigger['total_model_days']).toBe(1);
    expect(resumed.status['details']).toEqual([
      expect.objectContaining({ model: 'alpha', date: '2025-10-03' }),
    ]);
  });

  it("refuses, without replace_existing, a range that would change a model's later completed days, and keeps them", async () => {
    const later = await runJob({ start_date: '2025-10-06', end_date: '2025-10-08', models: ['alpha'] });
    expect(later.status['status']).toBe('completed');
    const before = await server.request(
      'GET',
      '/results?start_date=2025-10-06&end_date=2025-10-08&model=alpha',
    );

    // The user asks for earlier days only and nothing to be replaced: their later days must stay.
    const earlier = await server.trigger({
      start_date: '2025-10-01',
      end_date: '2025-10-03',
      models: ['alpha'],
    });
    expect(earlier.status).toBe(400);
    expect(earlier.body['detail']).toContain(
      'alpha from 2025-10-01 would change its completed days 2025-10-06, 2025-10-07, 2025-10-08',
    );
    expect(earlier.body['detail']).toContain('replace_existing: true');
    const after = await server.request(
      'GET',
      '/results?start_date=2025-10-06&end_date=2025-10-08&model=alpha',
    );
    expect(after.body).toEqual(before.body);
    expect((await server.request('GET', '/simulate/jobs')).body['total']).toBe(1);

    // A model without later days is not held back by another's: beta may run those dates.
    const other = await runJob({ start_date: '2025-10-01', end_date: '2025-10-03', models: ['beta'] });
    expect(other.status['status']).toBe('completed');
  });

  it('never serves a cached results answer after new days commit', async () => {
    await runJob({ start_date: '2025-10-01', end_date: '2025-10-01' });
    const url = '/results?start_date=2025-10-01&end_date=2025-10-03';
    const before = await server.request('GET', url);
    const etag = before.headers.get('etag') ?? '';
    expect((await server.request('GET', url, undefined, { 'if-none-match': etag })).status).toBe(304);

    await runJob({ start_date: '2025-10-02', end_date: '2025-10-03' });
    const after = await server.request('GET', url, undefined, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    const days = (after.body['results'] as Json[])[0]?.['daily_portfolio_values'] as Json[];
    expect(days.map((d) => d['date'])).toEqual(['2025-10-01', '2025-10-02', '2025-10-03']);
  });
});
