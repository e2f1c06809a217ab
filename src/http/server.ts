/**
 * A running server: the container, its background job scheduler and the HTTP app listening on a
 * socket. `ai-trader serve`, the demo and the end-to-end tests all start it through here.
 */
import type { AddressInfo } from 'node:net';
import { createContainer, type AppContainer, type ContainerOptions } from '../app/container.js';
import { buildApp, type BuildAppOptions, type HttpApp } from './app.js';

export const DEFAULT_HOST = '127.0.0.1';

export interface StartServerOptions extends ContainerOptions, BuildAppOptions {
  /** Override `HOST` / `PORT`; port 0 picks a free port. */
  host?: string;
  port?: number;
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:8080`, with the port actually bound. */
  url: string;
  app: HttpApp;
  container: AppContainer;
  /** Stops accepting connections, lets in-flight requests finish, then stops the workers and the database. */
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const container = await createContainer(options);
  let app: HttpApp | undefined;
  try {
    // Jobs a crash left active are resumed before the first request can see them.
    await container.scheduler.start();
    app = buildApp(container, options);
    const host = options.host ?? options.env.HOST ?? DEFAULT_HOST;
    await app.listen({ host, port: options.port ?? options.env.PORT });
    const url = serverUrl(app.server.address() as AddressInfo);
    container.logger.info({ url, docs: `${url}/docs` }, 'AI-Trader-Server listening');
    const started = app;
    let closing: Promise<void> | undefined;
    return {
      url,
      app: started,
      container,
      close: () => (closing ??= started.close().finally(() => container.close())),
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await container.close();
    throw error;
  }
}

function serverUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
