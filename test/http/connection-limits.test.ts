/**
 * Clients that take their time, over real sockets: a body trickled a byte at a time, headers that
 * never end, an idle keep-alive connection, more connections than the cap. Each is let go of by the
 * server under short, configured limits; before them, every one stayed open.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openConnection, rawRequest, type RawConnection } from '../helpers/raw-http.js';
import { standInApp, type StandInApp } from '../helpers/stand-in-app.js';

const SHORT = {
  HTTP_REQUEST_TIMEOUT_SECONDS: '0.5',
  HTTP_HEADERS_TIMEOUT_SECONDS: '0.5',
  HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: '0.3',
};

describe('connections at the edge', () => {
  let standIn: StandInApp;
  let url: string;
  const connections: RawConnection[] = [];
  const timers: NodeJS.Timeout[] = [];

  const listen = async (env: Record<string, string>): Promise<void> => {
    standIn = await standInApp(env);
    url = await standIn.app.listen({ host: '127.0.0.1', port: 0 });
  };
  const open = async (): Promise<RawConnection> => {
    const connection = await openConnection(url);
    connections.push(connection);
    return connection;
  };
  /** Writes one byte of `text` at a time, every `ms`, until it is all sent or the server has closed. */
  const trickle = (connection: RawConnection, text: string, ms: number): void => {
    let at = 0;
    const timer = setInterval(() => {
      if (connection.isClosed() || at >= text.length) return clearInterval(timer);
      connection.write(text[at++]!);
    }, ms);
    timers.push(timer);
  };
  afterEach(async () => {
    timers.splice(0).forEach(clearInterval);
    connections.splice(0).forEach((c) => c.destroy());
    await standIn?.close();
  });

  it('answers 408 and closes a connection whose body arrives a byte at a time', async () => {
    await listen(SHORT);
    const connection = await open();
    connection.write(
      'POST /simulate/trigger HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        'Content-Length: 60000\r\n\r\n',
    );
    trickle(connection, `{"end_date":"${'x'.repeat(59_980)}"}`, 50);
    const answer = (await connection.closed).toString('latin1');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('{"detail":"Request timeout"}');
    expect(standIn.jobs.trigger).not.toHaveBeenCalled();
  });

  it('answers 408 and closes a connection whose headers never end', async () => {
    await listen(SHORT);
    const connection = await open();
    trickle(connection, `GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'y'.repeat(10_000)}`, 20);
    expect((await connection.closed).toString('latin1')).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a keep-alive connection left idle after its answer', async () => {
    await listen(SHORT);
    const connection = await open();
    connection.write('GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const answer = (await connection.closed).toString('latin1');
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('closes connections beyond HTTP_MAX_CONNECTIONS as they arrive, and takes new ones once some leave', async () => {
    await listen({ HTTP_MAX_CONNECTIONS: '2' });
    const first = await open();
    await open();
    // Both are open; wait until the server has counted them, then one more is turned away.
    await expect.poll(async () => (await connectionCount(standIn)) === 2).toBe(true);
    const third = await open();
    expect((await third.closed).length).toBe(0);

    first.destroy();
    await expect.poll(async () => (await connectionCount(standIn)) === 1).toBe(true);
    expect((await rawRequest(url, { method: 'GET', target: '/openapi.json' })).status).toBe(200);
  });
});

function connectionCount(standIn: StandInApp): Promise<number> {
  return new Promise((resolve, reject) =>
    standIn.app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );
}
