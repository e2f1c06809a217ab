import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts a test fake on 127.0.0.1 with a free port and returns its base URL. */
export async function listenOnLoopback(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
