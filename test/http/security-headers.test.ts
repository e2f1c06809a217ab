/**
 * Every answer carries the same security headers, whoever wrote it: routes, the docs and their
 * files, the dashboard, the MCP transport, refusals before routing and the HTTP parser's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../src/http/security-headers.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';
import { rawRequest, type RawRequest } from '../helpers/raw-http.js';

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
});

describe('security headers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  const answers: [string, RawRequest, number][] = [
    ['the docs page', { method: 'GET', target: '/docs/static/index.html' }, 200],
    ['the docs entry (a redirect)', { method: 'GET', target: '/docs' }, 200],
    ["the docs' script", { method: 'GET', target: '/docs/static/swagger-initializer.js' }, 200],
    ['a JSON answer', { method: 'GET', target: '/health' }, 200],
    ['the OpenAPI document', { method: 'GET', target: '/openapi.json' }, 200],
    ['the dashboard page', { method: 'GET', target: '/', headers: [['Accept', 'text/html']] }, 200],
    ['an unknown path', { method: 'GET', target: '/nowhere' }, 404],
    ['a URL the router refuses', { method: 'GET', target: '/results/%zz' }, 400],
    ['a Host refusal', { method: 'GET', target: '/health', headers: [['Host', 'attacker.example']] }, 403],
    [
      'a 422',
      {
        method: 'POST',
        target: '/simulate/trigger',
        body: '{',
        headers: [['Content-Type', 'application/json']],
      },
      422,
    ],
    [
      "the MCP transport's own answer",
      {
        method: 'POST',
        target: '/mcp',
        body: INITIALIZE,
        headers: [
          ['Content-Type', 'application/json'],
          ['Accept', 'application/json, text/event-stream'],
        ],
      },
      200,
    ],
    ["the HTTP parser's refusal", { method: 'get', target: '/health' }, 400],
  ];

  it.each(answers)('are on %s', async (_what, request, status) => {
    const answer = await rawRequest(server.url, request);
    expect(answer.status === status || (status === 200 && answer.status === 302)).toBe(true);
    for (const [name, value] of Object.entries(SECURITY_HEADERS))
      expect(answer.headers[name], name).toBe(value);
    const session = answer.headers['mcp-session-id'];
    if (session)
      await rawRequest(server.url, {
        method: 'DELETE',
        target: '/mcp',
        headers: [['Mcp-Session-Id', session]],
      });
  });

  it('forbid framing and sniffing', () => {
    expect(SECURITY_HEADERS['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(SECURITY_HEADERS['x-frame-options']).toBe('DENY');
    expect(SECURITY_HEADERS['x-content-type-options']).toBe('nosniff');
  });
});
