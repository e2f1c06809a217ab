/**
 * POST /simulate/trigger with estimate_cost on a real server: a first job records what the models'
 * calls used; a second trigger that asks is told what its model-days may cost from that, and one
 * that does not ask gets the answer it always got.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { triggerResponseSchema } from '../../src/http/contract/simulate.js';
import { startTestServer, type Json, type TestServer } from '../helpers/http-server.js';

describe('the cost estimate of a trigger', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const first = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-02' });
    expect((await server.waitFor(first.body['job_id'] as string))['status']).toBe('completed');
  });
  afterAll(() => server.close());

  it('answers the usual fields only, when the estimate is not asked for', async () => {
    const res = await server.trigger({ start_date: '2025-10-03', end_date: '2025-10-03' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual([
      'job_id',
      'status',
      'total_model_days',
      'message',
      'warnings',
      'deployment_mode',
      'is_dev_mode',
      'preserve_dev_data',
    ]);
    expect((await server.waitFor(res.body['job_id'] as string))['status']).toBe('completed');
  });

  it("estimates each model's planned model-days from its recorded usage per model-day", async () => {
    // What the first two jobs recorded: each model-day of alpha and beta, as /results reports it.
    const days: Json[] = [];
    for (const date of ['2025-10-01', '2025-10-02', '2025-10-03']) {
      const recorded = await server.request('GET', `/results?start_date=${date}&end_date=${date}`);
      days.push(...(recorded.body['results'] as Json[]));
    }
    expect(days).toHaveLength(6);
    // Three calls a model-day (buy, finish, summary), each reporting 100 prompt and 20 completion
    // tokens: 300 and 60 per model-day; the fake models have no price, so no dollars.
    for (const day of days)
      expect(day['metadata']).toMatchObject({ prompt_tokens: 300, completion_tokens: 60 });

    const res = await server.trigger({
      start_date: '2025-10-06',
      end_date: '2025-10-08',
      estimate_cost: true,
    });
    expect(res.status).toBe(200);
    expect(triggerResponseSchema.parse(res.body)).toEqual(res.body);
    // Three sessions for each of two models: 3 * 300 = 900 and 3 * 60 = 180 each, 1800 and 360 in all.
    const perModel = (model: string) => ({
      model,
      planned_model_days: 3,
      recorded_model_days: 3,
      priced_model_days: 0,
      per_model_day: { prompt_tokens: 300, completion_tokens: 60, cost_usd: null },
      estimate: { prompt_tokens: 900, completion_tokens: 180, cost_usd: null },
      reason: 'no recorded price for its calls: tokens only',
    });
    expect(res.body['cost_estimate']).toEqual({
      basis: expect.stringContaining('average recorded usage'),
      planned_model_days: 6,
      estimate: { prompt_tokens: 1800, completion_tokens: 360, cost_usd: null },
      models: [perModel('alpha'), perModel('beta')],
    });
    expect(res.body['total_model_days']).toBe(6);
    await server.waitFor(res.body['job_id'] as string);
  });

  it('refuses an estimate_cost that is not a boolean, as any malformed field', async () => {
    const res = await server.trigger({ end_date: '2025-10-09', estimate_cost: 'yes' });
    expect(res.status).toBe(422);
  });
});
