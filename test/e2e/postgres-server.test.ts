import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type Json, type TestServer } from '../helpers/http-server.js';
import { createIsolatedSchema, postgresUrlForTests, type IsolatedSchema } from '../helpers/postgres.js';
import { describeIfPostgres } from '../helpers/postgres-backend.js';

const baseUrl = await postgresUrlForTests();
const describeWithPostgres = describeIfPostgres(baseUrl);

describeWithPostgres('the server on PostgreSQL (DATABASE_URL=postgres://...)', () => {
  let schema: IsolatedSchema;
  let server: TestServer;

  beforeAll(async () => {
    schema = await createIsolatedSchema(baseUrl ?? '');
    server = await startTestServer({ env: { DATABASE_URL: schema.url } });
  });
  afterAll(async () => {
    await server?.close();
    await schema?.drop();
  });

  it('admits exactly one of 20 simultaneous triggers, runs it to completion and serves its results', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => server.trigger({ start_date: '2025-10-01', end_date: '2025-10-02' })),
    );
    const accepted = answers.filter((a) => a.status === 200);
    expect(accepted).toHaveLength(1);
    expect(answers.filter((a) => a.status === 400).map((a) => a.body.detail)).toEqual(
      Array(19).fill('Another simulation job is already running or pending. Please wait for it to complete.'),
    );
    const final = await server.waitFor(accepted[0]?.body.job_id as string);
    expect(final.status).toBe('completed');
    expect(final.progress).toMatchObject({ total_model_days: 4, completed: 4 });

    const results = await server.request('GET', '/results?start_date=2025-10-02&end_date=2025-10-02');
    expect(results.status).toBe(200);
    const items = results.body.results as Json[];
    expect(items.map((r) => r.model).sort()).toEqual(['alpha', 'beta']);
    // Day 2 starts from day 1's 5 AAPL bought at 255.04: 10000 - 1275.20 = 8724.80 in cash.
    expect(items[0]?.starting_position).toMatchObject({
      cash: 8724.8,
      holdings: [{ symbol: 'AAPL', quantity: 5 }],
    });
  });
});
