import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { probeHealth } from '../../src/cli/health-probe.js';
import { localServerUrl } from '../../src/cli/server-address.js';

describe('localServerUrl', () => {
  it('reaches a server listening on every interface through loopback', () => {
    expect(localServerUrl({ HOST: '0.0.0.0', PORT: 8080 })).toBe('http://127.0.0.1:8080');
    expect(localServerUrl({ HOST: '::', PORT: 8080 })).toBe('http://[::1]:8080');
  });

  it('uses a named host as it is, bracketing IPv6 literals', () => {
    expect(localServerUrl({ HOST: '127.0.0.1', PORT: 9000 })).toBe('http://127.0.0.1:9000');
    expect(localServerUrl({ HOST: 'localhost', PORT: 9000 })).toBe('http://localhost:9000');
    expect(localServerUrl({ HOST: '::1', PORT: 9000 })).toBe('http://[::1]:9000');
    expect(localServerUrl({ HOST: undefined, PORT: 8080 })).toBe('http://127.0.0.1:8080');
  });
});

describe('probeHealth (the container health check)', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  async function serve(status: number, body: unknown): Promise<number> {
    server = createServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  it('passes on 200 from /health at HOST:PORT, 0.0.0.0 read as loopback', async () => {
    const port = await serve(200, { status: 'healthy', database: 'connected' });
    const probe = await probeHealth({ HOST: '0.0.0.0', PORT: String(port) });
    expect(probe).toEqual({ ok: true, line: `http://127.0.0.1:${port}/health: 200 healthy` });
  });

  it("fails on 503, with the server's reason", async () => {
    const port = await serve(503, { status: 'unhealthy', detail: 'database or disk is full' });
    const probe = await probeHealth({ HOST: '127.0.0.1', PORT: String(port) });
    expect(probe).toEqual({
      ok: false,
      line: `http://127.0.0.1:${port}/health: 503 unhealthy: database or disk is full`,
    });
  });

  it('fails when nothing listens, naming the socket error', async () => {
    const port = await serve(200, {});
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const probe = await probeHealth({ HOST: '127.0.0.1', PORT: String(port) });
    expect(probe).toEqual({ ok: false, line: `http://127.0.0.1:${port}/health: ECONNREFUSED` });
  });

  it('fails on an environment the server would refuse', async () => {
    const probe = await probeHealth({ PORT: 'eighty' });
    expect(probe.ok).toBe(false);
    expect(probe.line).toContain('PORT: must be a port number');
  });
});
