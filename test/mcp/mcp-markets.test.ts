/**
 * An external agent trades another market's rules over MCP exactly as the built-in agent does:
 * claim_day says the market and its rules, the ledger refuses what breaks them (named, audited,
 * nothing applied), and what keeps to them fills.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MarketId } from '../../src/core/markets/market.js';
import { startTestServer, type Json, type TestServer } from '../helpers/http-server.js';
import { httpAgent, type Agent } from '../helpers/mcp-client.js';

let server: TestServer | undefined;
let agent: Agent | undefined;
afterEach(async () => {
  await agent?.close();
  await server?.close();
  agent = server = undefined;
});

async function claimedDay(market: MarketId, date: string, symbols?: string[]): Promise<Json> {
  server = await startTestServer({
    market,
    models: [{ signature: 'ext', kind: 'external' }],
    ...(symbols ? { symbols } : {}),
  });
  const trigger = await server.trigger({ start_date: date, end_date: date });
  expect(trigger.status).toBe(200);
  await server.waitFor(trigger.body['job_id'] as string, (s) => s['status'] === 'running');
  agent = await httpAgent(server.url);
  const claim = await agent.call('claim_day');
  expect(claim.isError).toBe(false);
  return claim.json as Json;
}

async function refusalsOf(date: string): Promise<Json[]> {
  const day = (await server!.request('GET', `/results?start_date=${date}&end_date=${date}`)).body;
  return ((day['results'] as Json[])[0] as Json)['tool_calls_refused'] as Json[];
}

describe('MCP agents in other markets', () => {
  it('crypto: claim_day states the rules; a fifth decimal is refused by name, 4 decimals fill', async () => {
    const claim = await claimedDay('crypto', '2025-11-02');
    expect(claim).toMatchObject({ market: 'crypto', currency: 'USDT', cash: 50_000 });
    expect(claim['order_rules']).toContain('up to 4 decimal places');
    const refused = await agent!.call('buy', { symbol: 'BTC-USDT', amount: 0.18171 });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain('at most 4 decimal places');
    const filled = await agent!.call('buy', { symbol: 'BTC-USDT', amount: 0.1817 });
    expect(filled.json).toMatchObject({ status: 'filled', quantity: 0.1817, cash_after: 30003.5062 });
    expect((await agent!.call('finish_day', { summary: 'one coin' })).isError).toBe(false);
    expect((await refusalsOf('2025-11-02')).map((r) => r['reason'])).toEqual(['too_many_decimals']);
  });

  it('cn: an odd lot and a same-session sale are refused by name, a lot fills', async () => {
    const claim = await claimedDay('cn', '2025-09-30', ['601398.SH']);
    expect(claim).toMatchObject({ market: 'cn', currency: 'CNY', cash: 100_000 });
    expect(claim['order_rules']).toContain('T+1');
    expect((await agent!.call('buy', { symbol: '601398.SH', amount: 150 })).text).toContain(
      'lots of 100 shares',
    );
    expect((await agent!.call('buy', { symbol: '601398.SH', amount: 100 })).json).toMatchObject({
      status: 'filled',
    });
    expect((await agent!.call('sell', { symbol: '601398.SH', amount: 100 })).text).toContain(
      'T+1 settlement',
    );
    expect((await agent!.call('finish_day', {})).isError).toBe(false);
    expect((await refusalsOf('2025-09-30')).map((r) => r['reason'])).toEqual(['lot_size', 't_plus_1']);
  });
});
