/**
 * External agents over MCP's streamable HTTP transport at /mcp, with the SDK's own client: a full
 * external job beside a built-in model (hand-worked money, both on the leaderboard), a cheating
 * client refused and audited, a client that goes quiet or leaves mid-day (its day fails, nothing
 * of it is written, and it runs again in a later job), and API_TOKEN on the endpoint.
 */
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { toolSpecs } from '../../src/core/tools/tool-definitions.js';
import { NO_DATA_MESSAGE } from '../../src/results/results-errors.js';
import { openDatabase } from '../../src/store/open-database.js';
import { startTestServer, type Json, type TestServer } from '../helpers/http-server.js';
import { httpAgent, type Agent } from '../helpers/mcp-client.js';

const INITIALIZE_PARAMS = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'raw', version: '1' },
};
const MODELS = [{ signature: 'alpha' }, { signature: 'ext', kind: 'external' as const }];

const detailOf = (status: Json, model: string, date: string): Json | undefined =>
  (status['details'] as Json[]).find((d) => d['model'] === model && d['date'] === date);

/** The built-in model has finished its days; the external ones wait for a client. */
const builtInDone = (dates: string[]) => (status: Json) =>
  status['status'] === 'running' &&
  dates.every((d) => detailOf(status, 'alpha', d)?.['status'] === 'completed');

describe('the arena over MCP (streamable HTTP)', () => {
  let server: TestServer | undefined;
  const agents: Agent[] = [];
  afterEach(async () => {
    await Promise.allSettled(agents.splice(0).map((a) => a.close()));
    await server?.close();
    server = undefined;
  });
  const connect = async (headers: Record<string, string> = {}): Promise<Agent> => {
    const agent = await httpAgent(server!.url, headers);
    agents.push(agent);
    return agent;
  };

  it('an external agent and a built-in model finish the same job and both appear on the leaderboard', async () => {
    server = await startTestServer({ models: MODELS });
    const trigger = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-02' });
    expect(trigger.status).toBe(200);
    const jobId = trigger.body['job_id'] as string;
    const waiting = await server.waitFor(jobId, builtInDone(['2025-10-01', '2025-10-02']));
    expect(detailOf(waiting, 'ext', '2025-10-01')?.['status']).toBe('pending');

    const agent = await connect();
    const { tools } = await agent.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['claim_day', 'get_price_local', 'buy', 'sell', 'finish_day']);
    // The schema the built-in agent is given, from the same zod definition.
    const builtInBuy = toolSpecs({ newsAvailable: false }).find((t) => t.name === 'buy')!;
    expect(tools.find((t) => t.name === 'buy')?.inputSchema).toEqual(builtInBuy.parameters);

    // Day 1: 10 000 cash. Buy 10 AAPL at the open 255.04 and 5 NVDA at 185.24.
    const day1 = await agent.call('claim_day');
    expect(day1.isError).toBe(false);
    expect(day1.json).toMatchObject({
      status: 'claimed',
      job_id: jobId,
      signature: 'ext',
      date: '2025-10-01',
      cash: 10000,
      holdings: {},
      starting_value: 10000,
      prices_today: {
        AAPL: { open: 255.04, previous_close: 254.63, previous_date: '2025-09-30' },
        NVDA: { open: 185.24, previous_close: 186.58, previous_date: '2025-09-30' },
      },
    });
    const aapl = await agent.call('buy', { symbol: 'AAPL', amount: 10 });
    expect(aapl.json).toMatchObject({ status: 'filled', price: 255.04, quantity: 10, cash_after: 7449.6 });
    const nvda = await agent.call('buy', { symbol: 'NVDA', amount: 5 });
    expect(nvda.json).toMatchObject({ status: 'filled', price: 185.24, cash_after: 6523.4 });
    // Valued at the close: 6523.40 + 10 x 255.45 + 5 x 187.24 = 10 014.10.
    const end1 = await agent.call('finish_day', { summary: 'Bought AAPL and NVDA at the open.' });
    expect(end1.isError).toBe(false);
    expect(end1.json).toMatchObject({ status: 'committed', date: '2025-10-01', trades: 2 });
    expect(end1.json?.['ending_value']).toBeCloseTo(10014.1, 6);
    expect(end1.json?.['daily_profit']).toBeCloseTo(14.1, 6);

    // Day 2 starts where day 1 ended. Sell the 10 AAPL at 256.575: cash 9089.15, plus 5 x 188.89.
    const day2 = await agent.call('claim_day', { model: 'ext' });
    expect(day2.json).toMatchObject({ date: '2025-10-02', cash: 6523.4, holdings: { AAPL: 10, NVDA: 5 } });
    const sold = await agent.call('sell', { symbol: 'AAPL', amount: 10 });
    expect(sold.json).toMatchObject({
      status: 'filled',
      price: 256.575,
      cash_after: 9089.15,
      shares_after: 0,
    });
    const end2 = await agent.call('finish_day');
    expect(end2.json?.['ending_value']).toBeCloseTo(10033.6, 6);
    expect(end2.json?.['daily_profit']).toBeCloseTo(19.5, 6);
    expect((await agent.call('claim_day')).json).toMatchObject({ status: 'none_waiting' });

    const done = await server.waitFor(jobId);
    expect(done).toMatchObject({
      status: 'completed',
      progress: { total_model_days: 4, completed: 4, failed: 0, pending: 0 },
    });

    const board = await server.request(
      'GET',
      '/results/leaderboard?start_date=2025-10-01&end_date=2025-10-02',
    );
    expect(board.status).toBe(200);
    const entries = board.body['entries'] as Json[];
    expect(entries.map((e) => e['model']).sort()).toEqual(['alpha', 'ext']);
    const ext = entries.find((e) => e['model'] === 'ext')!;
    expect(ext['ending_value']).toBeCloseTo(10033.6, 6);

    const results = await server.request(
      'GET',
      '/results?start_date=2025-10-01&end_date=2025-10-01&model=ext&reasoning=summary',
    );
    const [result] = results.body['results'] as Json[];
    expect(result).toMatchObject({
      model: 'ext',
      job_id: jobId,
      trades: [
        { action_type: 'buy', symbol: 'AAPL', quantity: 10, price: 255.04 },
        { action_type: 'buy', symbol: 'NVDA', quantity: 5, price: 185.24 },
      ],
      final_position: { cash: 6523.4 },
      reasoning: 'Bought AAPL and NVDA at the open.',
      tool_calls_refused: [],
    });
  });

  it('refuses a cheating client, and audits what it tried on its claimed day', async () => {
    server = await startTestServer({ models: MODELS });
    const jobId = (await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-01' })).body[
      'job_id'
    ] as string;
    await server.waitFor(jobId, builtInDone(['2025-10-01']));

    const stranger = await connect();
    const unclaimed = await stranger.call('buy', { symbol: 'AAPL', amount: 1 });
    expect(unclaimed).toMatchObject({ isError: true, text: expect.stringMatching(/call claim_day/) });
    const builtIn = await stranger.call('claim_day', { model: 'alpha' });
    expect(builtIn).toMatchObject({ isError: true, text: expect.stringMatching(/not an external model/) });

    const agent = await connect();
    expect((await agent.call('claim_day')).json).toMatchObject({ status: 'claimed', date: '2025-10-01' });
    // The only external day is held: another client finds nothing to claim.
    expect((await stranger.call('claim_day')).json).toMatchObject({ status: 'none_waiting' });

    const tomorrow = await agent.call('get_price_local', { symbol: 'AAPL', date: '2025-10-02' });
    expect(tomorrow).toMatchObject({ isError: true, text: expect.stringMatching(/in the future/) });
    const today = await agent.call('get_price_local', { symbol: 'AAPL', date: '2025-10-01' });
    expect(today.isError).toBe(false);
    expect(today.json).toEqual({
      symbol: 'AAPL',
      date: '2025-10-01',
      open: 255.04,
      note: 'Only the open is known today.',
    });
    const second = await agent.call('claim_day');
    expect(second).toMatchObject({
      isError: true,
      text: expect.stringMatching(/already hold ext 2025-10-01/),
    });
    const other = await agent.call('claim_day', { model: 'alpha' });
    expect(other).toMatchObject({ isError: true, text: expect.stringMatching(/not an external model/) });
    const short = await agent.call('sell', { symbol: 'AAPL', amount: 1 });
    expect(short.isError).toBe(true);
    expect((await agent.call('finish_day')).isError).toBe(false);
    const late = await agent.call('buy', { symbol: 'AAPL', amount: 1 });
    expect(late).toMatchObject({ isError: true, text: expect.stringMatching(/already committed/) });

    expect(await server.waitFor(jobId)).toMatchObject({ status: 'completed' });
    const results = await server.request(
      'GET',
      '/results?start_date=2025-10-01&end_date=2025-10-01&model=ext',
    );
    const [result] = results.body['results'] as Json[];
    expect(result?.['trades']).toEqual([]);
    const refused = (result?.['tool_calls_refused'] as Json[]).map((r) => [
      r['tool'],
      r['outcome'],
      r['reason'],
    ]);
    expect(refused).toEqual([
      ['get_price_local', 'refused', 'future_date'],
      ['claim_day', 'refused', 'second_claim'],
      ['claim_day', 'refused', 'not_external'],
      ['sell', 'rejected', 'no_position'],
    ]);
  });

  it('gives one client one day, even when it sends two claims at once', async () => {
    server = await startTestServer({ models: [...MODELS, { signature: 'ext2', kind: 'external' }] });
    const jobId = (await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-01' })).body[
      'job_id'
    ] as string;
    await server.waitFor(jobId, builtInDone(['2025-10-01']));
    const agent = await connect();
    const answers = await Promise.all([agent.call('claim_day'), agent.call('claim_day')]);
    expect(answers.map((a) => a.isError).sort()).toEqual([false, true]);
    // The other external model's day is still there for another client.
    const other = await connect();
    expect((await other.call('claim_day')).json).toMatchObject({ status: 'claimed' });
  });

  it('says a job waits for an external agent, and ends it once no agent came for MCP_CLAIM_TIMEOUT_SECONDS', async () => {
    server = await startTestServer({
      models: [...MODELS, { signature: 'ext2', kind: 'external' }],
      env: { MCP_CLAIM_TIMEOUT_SECONDS: '1' },
    });
    const jobId = (await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-01' })).body[
      'job_id'
    ] as string;
    // No agent connects: the job does not hold its slot for ever, and says why its days failed.
    const ended = await server.waitFor(jobId);
    expect(ended['status']).toBe('partial');
    expect(ended['warnings']).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^External models ext, ext2 trade only when an agent claims/),
      ]),
    );
    expect(detailOf(ended, 'alpha', '2025-10-01')).toMatchObject({ status: 'completed' });
    for (const model of ['ext', 'ext2']) {
      expect(detailOf(ended, model, '2025-10-01')).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(
          /No external agent claimed this day .* for 1 s \(MCP_CLAIM_TIMEOUT_SECONDS\)/,
        ),
      });
    }
    // The slot is free again.
    expect((await server.trigger({ start_date: '2025-10-02', end_date: '2025-10-02' })).status).toBe(200);
  });

  it('fails the day of a client that goes quiet, writes nothing of it, and runs it again in a later job', async () => {
    server = await startTestServer({ models: MODELS, env: { MCP_IDLE_TIMEOUT_SECONDS: '1' } });
    const jobId = (await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-01' })).body[
      'job_id'
    ] as string;
    await server.waitFor(jobId, builtInDone(['2025-10-01']));

    const quiet = await connect();
    expect((await quiet.call('claim_day')).json).toMatchObject({ status: 'claimed' });
    expect((await quiet.call('buy', { symbol: 'AAPL', amount: 10 })).isError).toBe(false);
    // ... and nothing more from it.
    const ended = await server.waitFor(jobId);
    expect(ended['status']).toBe('partial');
    expect(detailOf(ended, 'alpha', '2025-10-01')).toMatchObject({ status: 'completed' });
    expect(detailOf(ended, 'ext', '2025-10-01')).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/idle for 1 s \(MCP_IDLE_TIMEOUT_SECONDS\); the day was not committed/),
    });
    const none = await server.request('GET', '/results?start_date=2025-10-01&end_date=2025-10-01&model=ext');
    expect(none).toMatchObject({ status: 404, body: { detail: NO_DATA_MESSAGE } });

    // The day runs again in a new job, from the untouched starting position.
    const rerun = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-01', models: ['ext'] });
    expect(rerun.status).toBe(200);
    const rerunId = rerun.body['job_id'] as string;
    await server.waitFor(rerunId, (s) => s['status'] === 'running');
    const agent = await connect();
    expect((await agent.call('claim_day')).json).toMatchObject({
      job_id: rerunId,
      date: '2025-10-01',
      cash: 10000,
      holdings: {},
    });
    expect((await agent.call('buy', { symbol: 'MSFT', amount: 2 })).json).toMatchObject({
      cash_after: 8970.4,
    });
    expect((await agent.call('finish_day')).isError).toBe(false);
    expect(await server.waitFor(rerunId)).toMatchObject({ status: 'completed' });
    const kept = await server.request('GET', '/results?start_date=2025-10-01&end_date=2025-10-01&model=ext');
    expect((kept.body['results'] as Json[]).map((r) => [r['job_id'], r['trades'].length])).toEqual([
      [rerunId, 1],
    ]);
  });

  /** A one-day job whose built-in model is done and whose external day a client holds, 3 AAPL bought. */
  const midDayClient = async () => {
    const started = await startTestServer({ models: MODELS });
    server = started;
    const jobId = (await started.trigger({ start_date: '2025-10-01', end_date: '2025-10-01' })).body[
      'job_id'
    ] as string;
    await started.waitFor(jobId, builtInDone(['2025-10-01']));
    const agent = await connect();
    expect((await agent.call('claim_day')).json).toMatchObject({ status: 'claimed' });
    await agent.call('buy', { symbol: 'AAPL', amount: 3 });
    return { started, jobId, agent };
  };

  it('fails the day at once when the client ends its session mid-day', async () => {
    const { started, jobId, agent } = await midDayClient();
    await (agent.client.transport as StreamableHTTPClientTransport).terminateSession();

    const ended = await started.waitFor(jobId);
    expect(detailOf(ended, 'ext', '2025-10-01')).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/disconnected/),
    });
    const none = await started.request('GET', '/results?start_date=2025-10-01&end_date=2025-10-01&model=ext');
    expect(none).toMatchObject({ status: 404, body: { detail: NO_DATA_MESSAGE } });
  });

  it('lets go of the lease of a claimed day when the server shuts down under a connected client, writing nothing of it', async () => {
    const { started, jobId } = await midDayClient();

    await started.server.close();
    const opened = await openDatabase(started.databaseUrl);
    try {
      const detail = await opened.db
        .selectFrom('job_details')
        .select(['status', 'lease_expires_at'])
        .where('job_id', '=', jobId)
        .where('model', '=', 'ext')
        .executeTakeFirstOrThrow();
      // Still marked running, but its lease has ended: the next worker to look hands it back.
      expect(detail.status).toBe('running');
      expect(Date.parse(detail.lease_expires_at!)).toBeLessThanOrEqual(Date.now());
      const written = await opened.db.selectFrom('trading_days').select('model').execute();
      expect(written.map((r) => r.model)).toEqual(['alpha']);
    } finally {
      await opened.close();
    }

    // An API-only process (no job worker) on the same database gives the day to the next agent,
    // from its untouched starting position, and closes the job once it is committed.
    const apiOnly = await startTestServer({
      models: MODELS,
      worker: false,
      env: { DATABASE_URL: started.databaseUrl },
    });
    server = apiOnly;
    try {
      const agent = await connect();
      expect((await agent.call('claim_day')).json).toMatchObject({
        status: 'claimed',
        job_id: jobId,
        date: '2025-10-01',
        cash: 10000,
        holdings: {},
      });
      expect((await agent.call('finish_day')).json).toMatchObject({ status: 'committed', trades: 0 });
      const ended = await apiOnly.waitFor(jobId);
      expect(ended['status']).toBe('completed');
      expect(ended['warnings']).toEqual(
        expect.arrayContaining([expect.stringMatching(/^Job interrupted by a server restart/)]),
      );
    } finally {
      await Promise.allSettled(agents.splice(0).map((a) => a.close()));
      await apiOnly.close();
      server = started;
    }
  });

  it('keeps at most MCP_MAX_SESSIONS clients at once, refusing the next with 503 until one leaves', async () => {
    server = await startTestServer({ models: MODELS, env: { MCP_MAX_SESSIONS: '1' } });
    const first = await connect();
    await expect(httpAgent(server.url)).rejects.toThrow();
    const refused = await server.request(
      'POST',
      '/mcp',
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: INITIALIZE_PARAMS },
      { accept: 'application/json, text/event-stream' },
    );
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(refused.body).toMatchObject({
      jsonrpc: '2.0',
      error: { message: expect.stringMatching(/MCP_MAX_SESSIONS/) },
    });

    await (first.client.transport as StreamableHTTPClientTransport).terminateSession();
    const next = await connect();
    expect((await next.call('claim_day')).json).toMatchObject({ status: 'none_waiting' });
  });

  it('requires API_TOKEN on every method of /mcp when it is set', async () => {
    server = await startTestServer({ models: MODELS, env: { API_TOKEN: 'sekrit' } });
    for (const method of ['GET', 'POST', 'DELETE']) {
      const answer = await server.request(method, '/mcp', method === 'POST' ? {} : undefined);
      expect(answer.status, method).toBe(401);
    }
    await expect(httpAgent(server.url, { authorization: 'Bearer wrong' })).rejects.toThrow();
    const agent = await connect({ authorization: 'Bearer sekrit' });
    expect((await agent.call('claim_day')).json).toMatchObject({ status: 'none_waiting' });
  });
});
