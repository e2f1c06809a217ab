/**
 * How real MCP clients end a session. The official Python SDK (over httpx) sends a DELETE that
 * declares a JSON content type and carries no body; written here byte for byte over a socket, it
 * must end the session (and fail a day it still held), not be refused as a JSON decode error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Json, type TestServer } from '../helpers/http-server.js';
import { openConnection, rawRequest } from '../helpers/raw-http.js';

const PROTOCOL_VERSION = '2025-06-18';
const MCP_HEADERS = [
  ['Content-Type', 'application/json'],
  ['Accept', 'application/json, text/event-stream'],
] as const;

/** The request httpx writes for the Python SDK's `terminate_session`, in its order. */
function pythonSdkClose(host: string, session: string): string {
  return (
    'DELETE /mcp HTTP/1.1\r\n' +
    `Host: ${host}\r\n` +
    'Accept: application/json, text/event-stream\r\n' +
    'Accept-Encoding: gzip, deflate\r\n' +
    'Connection: keep-alive\r\n' +
    'User-Agent: python-httpx/0.28.1\r\n' +
    `mcp-session-id: ${session}\r\n` +
    'content-type: application/json\r\n' +
    `mcp-protocol-version: ${PROTOCOL_VERSION}\r\n` +
    'Content-Length: 0\r\n' +
    '\r\n'
  );
}

describe("the Python MCP SDK's session close", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ models: [{ signature: 'ext', kind: 'external' }] });
  });
  afterAll(() => server?.close());

  const call = (session: string, body: Json) =>
    rawRequest(server.url, {
      method: 'POST',
      target: '/mcp',
      headers: [...MCP_HEADERS, ['Mcp-Session-Id', session], ['Mcp-Protocol-Version', PROTOCOL_VERSION]],
      body: JSON.stringify(body),
    });

  it('ends the session, failing the day it held: the next request on it is told the session is gone', async () => {
    const jobId = (await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-01' })).body[
      'job_id'
    ] as string;
    await server.waitFor(jobId, (s) => s['status'] === 'running');
    const opened = await rawRequest(server.url, {
      method: 'POST',
      target: '/mcp',
      headers: MCP_HEADERS,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: PROTOCOL_VERSION,
          capabilities: {},
          clientInfo: { name: 'mcp', version: '1' },
        },
      }),
    });
    expect(opened.status).toBe(200);
    const session = opened.headers['mcp-session-id']!;
    expect((await call(session, { jsonrpc: '2.0', method: 'notifications/initialized' })).status).toBe(202);
    const claim = await call(session, {
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'claim_day', arguments: {} },
    });
    expect(claim.body.toString()).toContain('claimed');

    const connection = await openConnection(server.url);
    try {
      connection.write(pythonSdkClose(new URL(server.url).host, session));
      const answer = await connection.answer('DELETE');
      expect(answer.status, answer.body.toString()).toBe(200);
    } finally {
      connection.destroy();
    }

    const after = await call(session, { jsonrpc: '2.0', id: 3, method: 'tools/list' });
    expect(after.status).toBe(404);
    expect(JSON.parse(after.body.toString())).toMatchObject({
      error: { message: expect.stringMatching(/Unknown or expired MCP session/) },
    });
    const ended = await server.waitFor(jobId);
    expect((ended['details'] as Json[])[0]).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/disconnected \(MCP session closed\)/),
    });
  });

  it('still refuses a POST that declares JSON and sends none, as before', async () => {
    const answer = await rawRequest(server.url, {
      method: 'POST',
      target: '/simulate/trigger',
      headers: [['Content-Type', 'application/json']],
      body: '',
    });
    expect(answer.status).toBe(422);
  });
});
