/**
 * `GET /results?reasoning=full` over a long range would read, hold and send every conversation on
 * record: refused with a 400 saying how to page, over real HTTP, within RESULTS_FULL_REASONING_MAX_DAYS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayUtc } from '../../src/core/dates.js';
import { startTestServer, type Json, type TestServer } from '../helpers/http-server.js';

describe('reasoning=full over a range', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { RESULTS_FULL_REASONING_MAX_DAYS: '2' } });
    const jobId = (await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-02' })).body[
      'job_id'
    ] as string;
    expect(await server.waitFor(jobId)).toMatchObject({ status: 'completed' });
  });
  afterAll(() => server?.close());

  it('is refused from 2000 to today with a 400 that says how to page', async () => {
    const today = todayUtc(new Date());
    const res = await server.request(
      'GET',
      `/results?start_date=2000-01-03&end_date=${today}&reasoning=full`,
    );
    expect(res.status).toBe(400);
    expect(res.body['detail']).toMatch(
      /^reasoning=full covers at most 2 days per request \(RESULTS_FULL_REASONING_MAX_DAYS\); 2000-01-03 to .* Ask for it a page at a time: start_date=2000-01-03&end_date=2000-01-04, then start_date=2000-01-05/,
    );
  });

  it('answers a range within the limit in full, and a longer one with less reasoning', async () => {
    const full = await server.request(
      'GET',
      '/results?start_date=2025-10-01&end_date=2025-10-02&reasoning=full',
    );
    expect(full.status).toBe(200);
    const [range] = full.body['results'] as Json[];
    expect((range?.['reasoning'] as Json[]).map((d) => d['date'])).toEqual(['2025-10-01', '2025-10-02']);
    const summary = await server.request(
      'GET',
      '/results?start_date=2025-09-01&end_date=2025-10-02&reasoning=summary',
    );
    expect(summary.status).toBe(200);
  });
});
