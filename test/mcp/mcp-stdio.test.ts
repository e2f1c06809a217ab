/**
 * External agents over stdio: the SDK's client starts `ai-trader mcp` as its subprocess (as an MCP
 * host would), on the database of a running server whose worker prepares the job and plays the
 * built-in model. The agent trades its day through the subprocess; closing its stdin mid-day fails
 * the day at once, with nothing of it written.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';
import { NO_DATA_MESSAGE } from '../../src/results/results-errors.js';
import { startTestServer, type Json, type TestServer } from '../helpers/http-server.js';
import { connectAgent, type Agent } from '../helpers/mcp-client.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const MODELS = [{ signature: 'alpha' }, { signature: 'ext', kind: 'external' as const }];

const detailOf = (status: Json, model: string): Json | undefined =>
  (status['details'] as Json[]).find((d) => d['model'] === model);

describe('the arena over MCP (stdio: ai-trader mcp)', () => {
  let server: TestServer | undefined;
  let agent: Agent | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await agent?.close().catch(() => undefined);
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    agent = server = dir = undefined;
  });

  /** `ai-trader mcp` on the server's database and config, started by the SDK's stdio client. */
  const stdioAgent = async (): Promise<{ agent: Agent; stderr: () => string }> => {
    dir = mkdtempSync(join(tmpdir(), 'ai-trader-mcp-'));
    const configPath = join(dir, 'config.json');
    writeFileSync(configPath, JSON.stringify(server!.server.container.config));
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', 'src/cli/main.ts', 'mcp'],
      cwd: ROOT,
      env: { DATABASE_URL: server!.databaseUrl, CONFIG_PATH: configPath, LOG_LEVEL: 'info' },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    agent = await connectAgent(transport);
    return { agent, stderr: () => stderr };
  };

  const externalDayWaiting = async (): Promise<string> => {
    const jobId = (await server!.trigger({ start_date: '2025-10-01', end_date: '2025-10-01' })).body[
      'job_id'
    ] as string;
    await server!.waitFor(
      jobId,
      (s) => s['status'] === 'running' && detailOf(s, 'alpha')?.['status'] === 'completed',
    );
    return jobId;
  };

  it('trades an external day through the subprocess; both models reach the leaderboard', async () => {
    server = await startTestServer({ models: MODELS });
    const jobId = await externalDayWaiting();
    const { agent } = await stdioAgent();

    expect((await agent.call('claim_day')).json).toMatchObject({
      job_id: jobId,
      date: '2025-10-01',
      cash: 10000,
    });
    // 4 MSFT at the open 514.80: cash 7940.80; at the close 519.71, worth 10 019.64.
    expect((await agent.call('buy', { symbol: 'MSFT', amount: 4 })).json).toMatchObject({
      cash_after: 7940.8,
    });
    const end = await agent.call('finish_day', { summary: 'MSFT.' });
    expect(end.json?.['ending_value']).toBeCloseTo(10019.64, 6);

    expect(await server.waitFor(jobId)).toMatchObject({ status: 'completed' });
    const board = await server.request(
      'GET',
      '/results/leaderboard?start_date=2025-10-01&end_date=2025-10-01',
    );
    const entries = board.body['entries'] as Json[];
    expect(entries.map((e) => e['model']).sort()).toEqual(['alpha', 'ext']);
    expect(entries.find((e) => e['model'] === 'ext')?.['ending_value']).toBeCloseTo(10019.64, 6);
  });

  it('fails the day at once when the client closes its stdin mid-day, writing nothing of it', async () => {
    server = await startTestServer({ models: MODELS });
    const jobId = await externalDayWaiting();
    const { agent, stderr } = await stdioAgent();
    expect((await agent.call('claim_day')).json).toMatchObject({ status: 'claimed' });
    expect((await agent.call('buy', { symbol: 'AAPL', amount: 10 })).isError).toBe(false);
    await agent.close();

    const ended = await server.waitFor(jobId);
    expect(ended['status']).toBe('partial');
    expect(detailOf(ended, 'ext')).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/disconnected \(its stdin closed\); the day was not committed/),
    });
    const none = await server.request('GET', '/results?start_date=2025-10-01&end_date=2025-10-01&model=ext');
    expect(none).toMatchObject({ status: 404, body: { detail: NO_DATA_MESSAGE } });
    expect(stderr()).toContain('MCP server stopped');
  });
});
