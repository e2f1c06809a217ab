/**
 * Re-run model-days stay readable over HTTP: a job's own results, marked superseded, when job_id
 * asks for them; the standing history (the re-run) otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  basemodelOf,
  buyAndFinish,
  startTestServer,
  type Json,
  type TestServer,
} from '../helpers/http-server.js';

describe('results of a re-run job', () => {
  let server: TestServer;
  let first: string;
  let rerun: string;

  async function runJob(body: Record<string, unknown>): Promise<string> {
    const trigger = await server.trigger(body);
    expect(trigger.status, JSON.stringify(trigger.body)).toBe(200);
    const jobId = trigger.body['job_id'] as string;
    expect((await server.waitFor(jobId))['status']).toBe('completed');
    return jobId;
  }

  async function results(query: string): Promise<Json[]> {
    const res = await server.request('GET', `/results?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body['results'] as Json[];
  }

  beforeAll(async () => {
    server = await startTestServer();
    first = await runJob({ start_date: '2025-10-01', end_date: '2025-10-02' });
    // The re-run trades differently, so whose results an answer holds is plain to see.
    for (const model of ['alpha', 'beta']) server.llm.script(basemodelOf(model), buyAndFinish('MSFT', 2));
    rerun = await runJob({ start_date: '2025-10-01', end_date: '2025-10-02', replace_existing: true });
  });
  afterAll(() => server.close());

  it('answers the first job`s own model-days with job_id, each marked superseded by the re-run', async () => {
    const days = await results(`start_date=2025-10-02&end_date=2025-10-02&job_id=${first}`);
    expect(days.map((d) => [d['model'], d['job_id'], d['superseded'], d['superseded_by_job']])).toEqual([
      ['alpha', first, true, rerun],
      ['beta', first, true, rerun],
    ]);
    // What the first job did: its second AAPL buy, from the AAPL of its own first day.
    expect(days[0]).toMatchObject({
      starting_position: { holdings: [{ symbol: 'AAPL', quantity: 5 }] },
      trades: [{ action_type: 'buy', symbol: 'AAPL', quantity: 5 }],
      final_position: { holdings: [{ symbol: 'AAPL', quantity: 10 }] },
    });
  });

  it('says which days of a range were superseded', async () => {
    const ranges = await results(`start_date=2025-10-01&end_date=2025-10-02&job_id=${first}`);
    expect(ranges.map((r) => [r['model'], r['superseded_dates']])).toEqual([
      ['alpha', ['2025-10-01', '2025-10-02']],
      ['beta', ['2025-10-01', '2025-10-02']],
    ]);
  });

  it('shows only the re-run without job_id, and for the re-run`s own job_id', async () => {
    for (const query of ['', `&job_id=${rerun}`]) {
      const days = await results(`start_date=2025-10-02&end_date=2025-10-02${query}`);
      expect(days.map((d) => [d['model'], d['job_id'], d['superseded'], d['superseded_by_job']])).toEqual([
        ['alpha', rerun, false, null],
        ['beta', rerun, false, null],
      ]);
      expect(days[0]).toMatchObject({ final_position: { holdings: [{ symbol: 'MSFT', quantity: 4 }] } });
    }
    const ranges = await results('start_date=2025-10-01&end_date=2025-10-02');
    expect(ranges.map((r) => r['superseded_dates'])).toEqual([[], []]);
  });

  it('ranks the first job`s own days on its leaderboard, and the re-run on the standing one', async () => {
    const firstBoard = await server.request('GET', `/results/leaderboard?job_id=${first}`);
    expect(firstBoard.status).toBe(200);
    expect((firstBoard.body['entries'] as Json[]).map((e) => [e['model'], e['superseded_dates']])).toEqual([
      [expect.any(String), ['2025-10-01', '2025-10-02']],
      [expect.any(String), ['2025-10-01', '2025-10-02']],
    ]);
    const standing = await server.request('GET', '/results/leaderboard');
    expect((standing.body['entries'] as Json[]).map((e) => e['superseded_dates'])).toEqual([[], []]);
    expect(standing.body['benchmark']).toMatchObject({ superseded_dates: [] });
  });
});
