/**
 * Jobs in every market over real HTTP: a crypto and an A-share job trade the committed fixtures
 * through the fake Alpha Vantage, under their market's sessions and rules, and a model's portfolio
 * in one market never touches its portfolio in another.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FINISH_SIGNAL, SUMMARY_REQUEST } from '../../src/core/prompt.js';
import type { FakeHandler, FakeReply } from '../fakes/fake-openai.js';
import { startTestServer, type Json, type TestServer } from '../helpers/http-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Order = { side: 'buy' | 'sell'; symbol: string; amount: number };

/** An agent that places the orders listed for the date its prompt names, one call each, then finishes. */
function ordersByDate(plan: Record<string, Order[]>): FakeHandler {
  return (body): FakeReply => {
    const messages = body.messages;
    const last = messages[messages.length - 1];
    if (last?.role === 'user' && last.content === SUMMARY_REQUEST) return { content: 'Traded by plan.' };
    const system = String(messages[0]?.content ?? '');
    const date = /Today is (\d{4}-\d{2}-\d{2})/.exec(system)?.[1] ?? '';
    const placed = messages.filter((m) => m.role === 'assistant').length;
    const order = (plan[date] ?? [])[placed];
    if (order === undefined) return { content: `Done. ${FINISH_SIGNAL}` };
    return { toolCalls: [{ name: order.side, arguments: { symbol: order.symbol, amount: order.amount } }] };
  };
}

const dayOf = (results: Json, model: string): Json =>
  (results['results'] as Json[]).find((d) => d['model'] === model) as Json;

describe('a crypto job', () => {
  it('trades every UTC day, weekends too, in 4-decimal amounts, and refuses a fifth decimal', async () => {
    server = await startTestServer({
      market: 'crypto',
      models: [{ signature: 'alpha' }, { signature: 'beta' }],
      scripts: {
        alpha: ordersByDate({
          '2025-11-02': [
            { side: 'buy', symbol: 'BTC-USDT', amount: 0.1817 },
            { side: 'buy', symbol: 'ETH-USDT', amount: 5.15 },
          ],
          '2025-11-03': [{ side: 'sell', symbol: 'BTC-USDT', amount: 0.05 }],
        }),
        beta: ordersByDate({ '2025-11-02': [{ side: 'buy', symbol: 'BTC-USDT', amount: 0.12345 }] }),
      },
    });
    // Saturday 1 November to Monday 3 November 2025: three sessions.
    const trigger = await server.trigger({ start_date: '2025-11-01', end_date: '2025-11-03' });
    expect(trigger.status).toBe(200);
    expect(trigger.body['total_model_days']).toBe(6);
    const done = await server.waitFor(trigger.body['job_id'] as string);
    expect(done).toMatchObject({ status: 'completed', market: 'crypto' });
    expect(done['date_range']).toEqual(['2025-11-01', '2025-11-02', '2025-11-03']);

    const day2 = (await server.request('GET', '/results?start_date=2025-11-02&end_date=2025-11-02')).body;
    const alpha = dayOf(day2, 'alpha');
    // 50 000 - 0.1817 x 110052.25 (19996.493825 -> 30003.5062) - 5.15 x 3872.07 (19941.1605)
    expect(alpha['final_position']['cash']).toBe(10062.3457);
    expect(alpha['final_position']['holdings']).toEqual([
      { symbol: 'BTC-USDT', quantity: 0.1817 },
      { symbol: 'ETH-USDT', quantity: 5.15 },
    ]);
    // At the closes: 10062.3457 + 0.1817 x 110536.01 + 5.15 x 3905.97 = 50262.484217
    expect(alpha['final_position']['portfolio_value']).toBe(50262.4842);
    const beta = dayOf(day2, 'beta');
    expect(beta['trades']).toEqual([]);
    expect(beta['tool_calls_refused']).toEqual([
      expect.objectContaining({ tool: 'buy', outcome: 'rejected', reason: 'too_many_decimals' }),
    ]);
    expect(beta['tool_calls_refused'][0]['message']).toContain('at most 4 decimal places');

    const day3 = (await server.request('GET', '/results?start_date=2025-11-03&end_date=2025-11-03')).body;
    // + 0.05 x 110533.83 = 5526.6915
    expect(dayOf(day3, 'alpha')['final_position']['cash']).toBe(15589.0372);
  });
});

describe('an A-share job', () => {
  it('trades SSE sessions only, in lots of 100, and keeps shares bought today until the next session', async () => {
    server = await startTestServer({
      market: 'cn',
      symbols: ['600519.SH', '601398.SH'],
      models: [{ signature: 'alpha' }],
      scripts: {
        alpha: ordersByDate({
          '2025-09-30': [
            { side: 'buy', symbol: '601398.SH', amount: 150 },
            { side: 'buy', symbol: '601398.SH', amount: 100 },
            { side: 'sell', symbol: '601398.SH', amount: 100 },
            // 100 x 1460.00 = 146,000.00: more than the cash left.
            { side: 'buy', symbol: '600519.SH', amount: 100 },
          ],
          '2025-10-09': [{ side: 'sell', symbol: '601398.SH', amount: 100 }],
        }),
      },
    });
    const closed = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-08' });
    expect(closed.status).toBe(400);
    expect(closed.body['detail']).toContain('No trading days between 2025-10-01 and 2025-10-08');

    // 30 September, then the Golden Week holiday (1-8 October), then 9 October: two sessions.
    const trigger = await server.trigger({ start_date: '2025-09-30', end_date: '2025-10-09' });
    expect(trigger.body['total_model_days']).toBe(2);
    const done = await server.waitFor(trigger.body['job_id'] as string);
    expect(done).toMatchObject({
      status: 'completed',
      market: 'cn',
      date_range: ['2025-09-30', '2025-10-09'],
    });

    const first = dayOf(
      (await server.request('GET', '/results?start_date=2025-09-30&end_date=2025-09-30')).body,
      'alpha',
    );
    expect(first['tool_calls_refused'].map((c: Json) => c['reason'])).toEqual([
      'lot_size',
      't_plus_1',
      'insufficient_cash',
    ]);
    expect(first['tool_calls_refused'][1]['message']).toContain('T+1');
    expect(first['trades']).toEqual([
      expect.objectContaining({ action_type: 'buy', symbol: '601398.SH', quantity: 100, price: 7.31 }),
    ]);
    expect(first['final_position']['holdings']).toEqual([{ symbol: '601398.SH', quantity: 100 }]);
    expect(first['starting_position']['cash']).toBe(100_000);
    // 100 000 - 100 x 7.31
    expect(first['final_position']['cash']).toBe(99_269);

    const second = dayOf(
      (await server.request('GET', '/results?start_date=2025-10-09&end_date=2025-10-09')).body,
      'alpha',
    );
    expect(second['trades']).toEqual([expect.objectContaining({ action_type: 'sell', quantity: 100 })]);
    expect(second['final_position']['holdings']).toEqual([]);
    expect(second['metadata']).toBeDefined();
  });
});

describe('one portfolio per market', () => {
  it('lets a model trade crypto from 50,000 USDT beside its US portfolio, neither touching the other', async () => {
    server = await startTestServer({ models: [{ signature: 'alpha' }] });
    const us = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-01' });
    expect(us.status).toBe(200);
    expect(await server.waitFor(us.body['job_id'] as string)).toMatchObject({
      status: 'completed',
      market: 'us',
    });

    // The same dates again in another market are not "already completed": another portfolio's days.
    server.llm.script(
      'fake-alpha',
      ordersByDate({ '2025-10-01': [{ side: 'buy', symbol: 'BTC-USDT', amount: 0.01 }] }),
    );
    const crypto = await server.trigger({
      start_date: '2025-10-01',
      end_date: '2025-10-01',
      market: 'crypto',
    });
    expect(crypto.status).toBe(200);
    const done = await server.waitFor(crypto.body['job_id'] as string);
    expect(done).toMatchObject({ status: 'completed', market: 'crypto' });

    const again = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-01' });
    expect(again.status).toBe(400);
    expect(again.body['detail']).toContain('already completed');
    const bad = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-01', market: 'forex' });
    expect(bad.status).toBe(422);
  });
});
