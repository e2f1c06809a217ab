/**
 * A running server: the container, its background job worker (unless `worker: false`) and the HTTP
 * app listening on a socket. `ai-trader serve`, the demo and the end-to-end tests all start it
 * through here; `ai-trader worker` starts a worker alone (see `app/worker.ts`).
 */
import type { AddressInfo } from 'node:net';
import { createContainer, type AppContainer, type ContainerOptions } from '../app/container.js';
import { buildApp, type BuildAppOptions, type HttpApp } from './app.js';
import { exposureWarnings } from './exposure-warnings.js';
import { warmUpHeaders } from './request-logging.js';

export const DEFAULT_HOST = '127.0.0.1';

export interface StartServerOptions extends ContainerOptions, BuildAppOptions {
  /** Overrides `PORT`; port 0 picks a free port. (`host` overrides `HOST`.) */
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
    // Work a crash left behind is taken over before the first request can see it (with a worker).
    await container.scheduler?.start();
    app = buildApp(container, options);
    await warmUp(app, container);
    const host = options.host ?? options.env.HOST ?? DEFAULT_HOST;
    await app.listen({ host, port: options.port ?? options.env.PORT });
    const url = serverUrl(app.server.address() as AddressInfo);
    for (const warning of exposureWarnings(
      host,
      options.env,
      options.apiToken ?? options.env.API_TOKEN ?? '',
    )) {
      container.logger.warn(warning);
    }
    container.logger.info(
      { url, docs: `${url}/docs`, worker: container.scheduler?.identity.id ?? null },
      container.scheduler
        ? 'AI-Trader-Server listening'
        : 'AI-Trader-Server listening (API only, no job worker)',
    );
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

/**
 * Runs each route's code once before the first client arrives (validation compiled, statements
 * prepared, hot paths optimised), through requests that change nothing, so the first real request
 * is as fast as the rest.
 */
async function warmUp(app: HttpApp, container: AppContainer): Promise<void> {
  const today = container.now().toISOString().slice(0, 10);
  const requests = [
    { method: 'GET' as const, url: '/health' },
    { method: 'POST' as const, url: '/simulate/trigger', payload: {} },
    { method: 'GET' as const, url: '/simulate/status/warm-up' },
    { method: 'GET' as const, url: '/simulate/jobs?limit=1' },
    { method: 'GET' as const, url: `/results?start_date=${today}&end_date=${today}` },
    { method: 'GET' as const, url: `/results/leaderboard?start_date=${today}&end_date=${today}` },
  ];
  try {
    await app.ready();
    for (const request of requests) await app.inject({ ...request, headers: warmUpHeaders() });
    await container.jobs.warmUp();
  } catch (error) {
    // A failed warm-up costs speed, never the start: the real requests will say what is wrong.
    container.logger.warn({ err: error }, 'warm-up failed');
  }
}

function serverUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
