/**
 * What an external agent can put into a claimed day, which the arena holds until finish_day: at
 * most `max_steps` calls (5 in the test config), arguments of bounded size, checked against the
 * tool's schema before anything of them is kept. Each refusal names the limit it hit.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ARGUMENT_CHARS } from '../../src/mcp/call-limits.js';
import { startTestServer, type Json, type TestServer } from '../helpers/http-server.js';
import { httpAgent, type Agent } from '../helpers/mcp-client.js';

const MAX_STEPS = 5; // testConfig's agent_config.max_steps
const JUNK = 'x'.repeat(50 * 1024);

describe("an external agent's claimed day", () => {
  let server: TestServer;
  let agent: Agent;
  let date = '';
  const dates = ['2025-10-01', '2025-10-02', '2025-10-03'];

  beforeAll(async () => {
    server = await startTestServer({ models: [{ signature: 'ext', kind: 'external' }] });
    const trigger = await server.trigger({ start_date: dates[0], end_date: dates.at(-1) });
    expect(trigger.status).toBe(200);
    await server.waitFor(trigger.body['job_id'] as string, (s) => s['status'] === 'running');
    agent = await httpAgent(server.url);
  });
  afterAll(async () => {
    await agent?.close();
    await server?.close();
  });
  beforeEach(async () => {
    const claim = await agent.call('claim_day');
    expect(claim.json).toMatchObject({ status: 'claimed' });
    date = claim.json?.['date'] as string;
  });

  const fullDay = async (): Promise<{ day: Json; bytes: number }> => {
    const res = await fetch(`${server.url}/results?start_date=${date}&end_date=${date}&reasoning=full`);
    const text = await res.text();
    expect(res.status).toBe(200);
    return { day: (JSON.parse(text) as Json)['results'][0] as Json, bytes: text.length };
  };

  it('holds at most max_steps calls, refuses the next naming the limit, and still commits', async () => {
    for (let i = 0; i < MAX_STEPS; i++) {
      expect((await agent.call('get_price_local', { symbol: 'AAPL', date })).isError).toBe(false);
    }
    const over = await agent.call('buy', { symbol: 'AAPL', amount: 1 });
    expect(over).toMatchObject({ isError: true, text: expect.stringMatching(/5 calls .*max_steps/) });
    // A refusal past the limit still says why; it is not kept either.
    const over2 = await agent.call('claim_day');
    expect(over2).toMatchObject({ isError: true, text: expect.stringMatching(/already hold/) });
    expect((await agent.call('finish_day')).json).toMatchObject({ status: 'committed', trades: 0 });

    const { day } = await fullDay();
    const calls = (day['reasoning'] as Json[]).filter((m) => m['tool_calls'] !== undefined);
    expect(calls).toHaveLength(MAX_STEPS);
    expect(day['tool_calls_refused']).toEqual([]);
  });

  it('keeps a day of 40 calls with a 50 KB junk argument small: refused, excerpted, then cut off', async () => {
    for (let i = 0; i < 40; i++) {
      const answer = await agent.call('buy', { symbol: 'AAPL', amount: 1, junk: JUNK });
      expect(answer.isError).toBe(true);
      expect(answer.text).toMatch(
        i < MAX_STEPS ? new RegExp(`at most ${MAX_ARGUMENT_CHARS} .*argument size limit`) : /max_steps/,
      );
    }
    expect((await agent.call('finish_day')).json).toMatchObject({ status: 'committed', trades: 0 });

    const { day, bytes } = await fullDay();
    expect(bytes).toBeLessThan(20_000);
    const refused = day['tool_calls_refused'] as Json[];
    expect(refused.map((r) => [r['tool'], r['outcome'], r['reason']])).toEqual(
      Array(MAX_STEPS).fill(['buy', 'error', 'arguments_too_large']),
    );
    for (const entry of refused) expect((entry['arguments'] as string).length).toBeLessThan(400);
  });

  it('checks arguments against the tool schema before keeping them: junk fields dropped, bad ones refused', async () => {
    const filled = await agent.call('buy', { symbol: 'AAPL', amount: 1, note: 'y'.repeat(4000) });
    expect(filled.json).toMatchObject({ status: 'filled', quantity: 1 });
    const wrong = await agent.call('buy', { symbol: 'AAPL', amount: 'ten' });
    expect(wrong).toMatchObject({
      isError: true,
      text: expect.stringMatching(/Invalid arguments for buy.*amount/),
    });
    const named = await agent.call(`no_such_tool_${'z'.repeat(1000)}`);
    expect(named.isError).toBe(true);
    expect(named.text.length).toBeLessThan(200);
    expect((await agent.call('finish_day', { summary: 1 })).isError).toBe(true);
    expect((await agent.call('finish_day', { summary: 'Bought one.' })).isError).toBe(false);

    const { day } = await fullDay();
    const stored = (day['reasoning'] as Json[]).flatMap((m) => (m['tool_calls'] ?? []) as Json[]);
    expect(stored.map((c) => c['arguments'])).toEqual([
      '{"symbol":"AAPL","amount":1}',
      '{"symbol":"AAPL","amount":"ten"}',
    ]);
    expect((day['tool_calls_refused'] as Json[]).map((r) => [r['tool'], r['reason']])).toEqual([
      ['buy', 'invalid_arguments'],
      [`no_such_tool_${'z'.repeat(51)}...`, 'unknown_tool'],
      ['finish_day', 'invalid_arguments'],
    ]);
  });
});
