/**
 * A page the operator visits must not reach the server through the browser: requests under a name
 * the server is not known by (DNS rebinding) and state changes from another site's page are
 * refused, with no API_TOKEN set (the default), while the dashboard (same origin), the CLI and
 * scripts (no Origin) and MCP SDK clients (no Origin, Host 127.0.0.1 or localhost) work as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostnameOf, hostPolicy } from '../../src/http/request-origin.js';
import { exposureWarnings } from '../../src/http/exposure-warnings.js';
import { readEnv } from '../../src/config/env.js';
import { startTestServer, type Json, type TestServer } from '../helpers/http-server.js';
import { httpAgent } from '../helpers/mcp-client.js';
import { rawRequest, type RawResponse } from '../helpers/raw-http.js';

const ATTACKER = 'http://attacker.example';
const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'page', version: '1' } },
});
const MCP_HEADERS = [
  ['Content-Type', 'application/json'],
  ['Accept', 'application/json, text/event-stream'],
] as const;

const json = (response: RawResponse): Json => JSON.parse(response.body.toString('utf8')) as Json;

describe('requests from browsers, without API_TOKEN', () => {
  let server: TestServer;
  let jobId: string;
  let port: string;

  beforeAll(async () => {
    server = await startTestServer({
      models: [{ signature: 'ext', kind: 'external' }],
      env: { ALLOWED_HOSTS: 'trader.example' },
    });
    port = new URL(server.url).port;
    const trigger = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-01' });
    jobId = trigger.body['job_id'] as string;
    // The external day waits for an agent: the job stays running, for the cancels below.
    await server.waitFor(jobId, (s) => s['status'] === 'running');
  });
  afterAll(() => server?.close());

  it('refuses an MCP initialize under a foreign Host and Origin: no session is opened', async () => {
    const answer = await rawRequest(server.url, {
      method: 'POST',
      target: '/mcp',
      headers: [['Host', `attacker.example:${port}`], ['Origin', ATTACKER], ...MCP_HEADERS],
      body: INITIALIZE,
    });
    expect(answer.status).toBe(403);
    expect(answer.headers['mcp-session-id']).toBeUndefined();
    expect(json(answer)['detail']).toMatch(/^Host "attacker\.example:\d+" is not a name .* ALLOWED_HOSTS/);
  });

  it('refuses an MCP initialize from another site even under a loopback Host', async () => {
    const answer = await rawRequest(server.url, {
      method: 'POST',
      target: '/mcp',
      headers: [['Origin', ATTACKER], ...MCP_HEADERS],
      body: INITIALIZE,
    });
    expect(answer.status).toBe(403);
    expect(answer.headers['mcp-session-id']).toBeUndefined();
    expect(json(answer)['detail']).toMatch(
      /^Cross-site request refused: Origin "http:\/\/attacker\.example"/,
    );
  });

  it('refuses reads under a rebound name, so another site cannot read the results', async () => {
    const answer = await rawRequest(server.url, {
      method: 'GET',
      target: '/simulate/jobs',
      headers: [['Host', 'attacker.example']],
    });
    expect(answer.status).toBe(403);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
  });

  it('does not let a form posted from another site cancel a job', async () => {
    const answer = await rawRequest(server.url, {
      method: 'POST',
      target: `/simulate/jobs/${jobId}/cancel`,
      headers: [
        ['Origin', ATTACKER],
        ['Content-Type', 'application/x-www-form-urlencoded'],
      ],
      body: 'x=1',
    });
    expect(answer.status).toBe(403);
    expect(json(answer)['detail']).toMatch(/^Cross-site request refused/);
    expect((await server.status(jobId))['status']).toBe('running');
  });

  it.each([
    ['an Origin of null (a sandboxed frame)', 'null'],
    ['the same host on another port', `http://127.0.0.1:1`],
    ['a localhost page of another app', 'http://localhost:3000'],
  ])('refuses a trigger from %s', async (_case, origin) => {
    const answer = await server.trigger({ end_date: '2025-10-01' }, { origin });
    expect(answer.status).toBe(403);
  });

  it('serves the names it is known by, with any port: loopback, IP addresses, ALLOWED_HOSTS', async () => {
    for (const host of [
      `localhost:${port}`,
      `[::1]:${port}`,
      '127.0.0.1',
      '10.1.2.3:80',
      'trader.example:443',
    ]) {
      const answer = await rawRequest(server.url, {
        method: 'GET',
        target: '/health',
        headers: [['Host', host]],
      });
      expect(answer.status, host).toBe(200);
    }
  });

  it('lets the dashboard (same origin), a listed origin and clients without Origin change state', async () => {
    const sameOrigin = await server.trigger({ end_date: '2025-10-01' }, { origin: server.url });
    // Past the Origin check, refused for its own reason: a job is already running.
    expect(sameOrigin.status).toBe(400);
    const listed = await server.trigger({ end_date: '2025-10-01' }, { origin: 'https://trader.example' });
    expect(listed.status).toBe(400);
    const cli = await server.request('POST', `/simulate/jobs/${jobId}/cancel`);
    expect(cli.status).toBe(200);
    expect((await server.waitFor(jobId))['status']).toBe('failed');
  });

  it('serves MCP SDK clients under 127.0.0.1 and localhost', async () => {
    for (const url of [server.url, `http://localhost:${port}`]) {
      const agent = await httpAgent(url);
      try {
        expect((await agent.call('claim_day')).json).toMatchObject({ status: 'none_waiting' });
      } finally {
        await agent.close();
      }
    }
  });

  it("keeps the MCP transport's own rebinding check on: a session answers only under its Host", async () => {
    const opened = await rawRequest(server.url, {
      method: 'POST',
      target: '/mcp',
      headers: MCP_HEADERS,
      body: INITIALIZE,
    });
    expect(opened.status).toBe(200);
    const session = opened.headers['mcp-session-id']!;
    const elsewhere = await rawRequest(server.url, {
      method: 'POST',
      target: '/mcp',
      headers: [['Host', `localhost:${port}`], ['Mcp-Session-Id', session], ...MCP_HEADERS],
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(elsewhere.status).toBe(403);
    expect(json(elsewhere)).toMatchObject({
      jsonrpc: '2.0',
      error: { message: expect.stringMatching(/Host/) },
    });
    await rawRequest(server.url, {
      method: 'DELETE',
      target: '/mcp',
      headers: [['Mcp-Session-Id', session]],
    });
  });
});

describe('the names a server answers to', () => {
  const policy = (env: Record<string, string>, host?: string) => hostPolicy(readEnv(env), host);

  it('reads a Host header as a name', () => {
    expect(hostnameOf('Trader.Example:8080')).toBe('trader.example');
    expect(hostnameOf('[::1]:8080')).toBe('[::1]');
    expect(hostnameOf('a:b:c')).toBeUndefined();
    expect(hostnameOf('')).toBeUndefined();
  });

  it('answers a container on 0.0.0.0 under its addresses and localhost, and names only once listed', () => {
    const open = policy({}, '0.0.0.0');
    for (const host of ['127.0.0.1:8080', '172.17.0.2:8080', 'localhost:9000', '[::1]']) {
      expect(open.allowsHost(host), host).toBe(true);
    }
    expect(open.allowsHost('trader.example.com:8080')).toBe(false);
    expect(policy({ ALLOWED_HOSTS: 'trader.example.com' }, '0.0.0.0').allowsHost('trader.example.com')).toBe(
      true,
    );
    expect(policy({ ALLOWED_HOSTS: '*' }, '0.0.0.0').allowsHost('anything.example')).toBe(true);
  });

  it('answers the name HOST gives', () => {
    expect(policy({}, 'trader.lan').allowsHost('trader.lan:8080')).toBe(true);
    expect(policy({}, '127.0.0.1').allowsHost('trader.lan:8080')).toBe(false);
  });

  it('takes ALLOWED_HOSTS as names and refuses anything else, naming the variable', () => {
    expect(readEnv({ ALLOWED_HOSTS: ' Trader.Example , b ' }).ALLOWED_HOSTS).toEqual(['trader.example', 'b']);
    expect(() => readEnv({ ALLOWED_HOSTS: 'https://trader.example' })).toThrow(/ALLOWED_HOSTS/);
    expect(() => readEnv({ ALLOWED_HOSTS: 'trader.example:8080' })).toThrow(/ALLOWED_HOSTS/);
  });

  it('warns at start-up when listening beyond loopback without API_TOKEN, or on 0.0.0.0 with no names', () => {
    const env = readEnv({});
    expect(exposureWarnings('127.0.0.1', env, '')).toEqual([]);
    expect(exposureWarnings('localhost', env, '')).toEqual([]);
    const open = exposureWarnings('0.0.0.0', env, '');
    expect(open).toHaveLength(2);
    expect(open[0]).toMatch(/^Listening on 0\.0\.0\.0 without API_TOKEN/);
    expect(open[1]).toMatch(/ALLOWED_HOSTS empty/);
    expect(exposureWarnings('0.0.0.0', readEnv({ ALLOWED_HOSTS: 'a.example' }), 'token')).toEqual([]);
    expect(exposureWarnings('0.0.0.0', readEnv({ ALLOWED_HOSTS: '*' }), 'token')[0]).toMatch(/any Host/);
  });
});
