import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyAndFinish, startTestServer, type Json, type TestServer } from '../helpers/http-server.js';

describe('MAX_CONCURRENT_JOBS=2', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      models: [{ signature: 'alpha' }],
      env: { MAX_CONCURRENT_JOBS: '2' },
      scripts: { alpha: buyAndFinish('AAPL', 1, 40) },
    });
  });
  afterAll(() => server.close());

  it('runs two jobs at once, never plans a model-day twice, and keeps one model to one job at a time', async () => {
    const first = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-02' });
    const overlapping = await server.trigger({ start_date: '2025-10-02', end_date: '2025-10-03' });
    expect(first.status).toBe(200);
    expect(overlapping.status).toBe(200);
    expect(overlapping.body.total_model_days).toBe(1);
    expect(overlapping.body.warnings).toEqual([
      'Skipped 1 model-days already planned by another active job: alpha (2025-10-02)',
    ]);
    const third = await server.trigger({ start_date: '2025-10-06', end_date: '2025-10-06' });
    expect(third.status).toBe(400);
    expect(third.body.detail).toBe(
      'Another simulation job is already running or pending. Please wait for it to complete.',
    );

    const [a, b] = await Promise.all([
      server.waitFor(first.body.job_id as string),
      server.waitFor(overlapping.body.job_id as string),
    ]);
    expect([a.status, b.status]).toEqual(['completed', 'completed']);

    // The model's days form one chain across both jobs: each starts with the previous day's cash.
    const days = (await server.request('GET', '/results?start_date=2025-10-01&end_date=2025-10-03')).body
      .results as Json[];
    expect(days).toHaveLength(1);
    const single = async (date: string) =>
      (
        (await server.request('GET', `/results?start_date=${date}&end_date=${date}`)).body.results as Json[]
      )[0];
    const [d1, d2, d3] = [await single('2025-10-01'), await single('2025-10-02'), await single('2025-10-03')];
    expect(d2?.starting_position.cash).toBe(d1?.final_position.cash);
    expect(d3?.starting_position.cash).toBe(d2?.final_position.cash);
    expect(d3?.starting_position.holdings).toEqual([{ symbol: 'AAPL', quantity: 2 }]);
  });
});
