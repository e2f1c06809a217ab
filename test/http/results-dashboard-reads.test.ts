/** The reads the dashboard draws from: the benchmark's closes, and each day's refused tool calls. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUMMARY_REQUEST } from '../../src/core/prompt.js';
import type { FakeHandler } from '../fakes/fake-openai.js';
import { fixtureBars } from '../helpers/fixture-prices.js';
import { startTestServer, type Json, type TestServer } from '../helpers/http-server.js';

/** Peeks at tomorrow (refused), buys more than it can pay (rejected), then finishes. */
const cheatThenOverspend: FakeHandler = (body) => {
  const last = body.messages[body.messages.length - 1];
  if (last?.role === 'user' && last.content === SUMMARY_REQUEST) return { content: 'Tried.' };
  const turns = body.messages.filter((m) => m.role === 'assistant').length;
  if (turns === 0)
    return { toolCalls: [{ name: 'get_price_local', arguments: { symbol: 'AAPL', date: '2025-10-02' } }] };
  if (turns === 1) return { toolCalls: [{ name: 'buy', arguments: { symbol: 'AAPL', amount: 1_000_000 } }] };
  return { content: 'Done. <FINISH_SIGNAL>' };
};

describe('reads for the dashboard', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      models: [{ signature: 'alpha' }],
      scripts: { alpha: cheatThenOverspend },
    });
    const trigger = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-03' });
    expect((await server.waitFor(trigger.body['job_id'] as string))['status']).toBe('completed');
  });
  afterAll(() => server.close());

  it("lists a day's refused and rejected tool calls with what the model was told", async () => {
    const res = await server.request('GET', '/results?start_date=2025-10-01&end_date=2025-10-01');
    const day = (res.body['results'] as Json[])[0] as Json;
    expect(day['tool_calls_refused']).toEqual([
      expect.objectContaining({
        tool: 'get_price_local',
        arguments: '{"symbol":"AAPL","date":"2025-10-02"}',
        outcome: 'refused',
        created_at: expect.stringMatching(/^2026|^\d{4}-/),
      }),
      expect.objectContaining({ tool: 'buy', outcome: 'rejected', reason: 'insufficient_cash' }),
    ]);
    expect(String((day['tool_calls_refused'] as Json[])[0]?.['message'])).toMatch(/2025-10-02/);
  });

  it("gives QQQ's closes over the window, labelled with their source", async () => {
    const res = await server.request('GET', '/results/benchmark?start_date=2025-10-01&end_date=2025-10-03');
    expect(res.status).toBe(200);
    const closes = fixtureBars(['QQQ'])
      .filter((b) => b.date >= '2025-10-01' && b.date <= '2025-10-03')
      .map((b) => ({ date: b.date, close: b.close }));
    expect(res.body).toEqual({
      symbol: 'QQQ',
      start_date: '2025-10-01',
      end_date: '2025-10-03',
      source: 'alphavantage',
      values: closes,
      label: 'QQQ',
      market: 'us',
      currency: { code: 'USD', symbol: '$', decimals: 2 },
    });
    expect(closes).toHaveLength(3);
  });

  it('answers an empty series for a window without prices, and 400 for dates out of order', async () => {
    const empty = await server.request('GET', '/results/benchmark?start_date=2024-01-02&end_date=2024-01-05');
    expect(empty.body).toMatchObject({ source: null, values: [] });
    const bad = await server.request('GET', '/results/benchmark?start_date=2025-10-03&end_date=2025-10-01');
    expect(bad.status).toBe(400);
  });
});
