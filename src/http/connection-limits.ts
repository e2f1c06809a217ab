/**
 * How long a client may hold a connection, and how many may be open at once: a client that sends
 * its request a byte at a time, or opens connections and says nothing, must not hold the server's
 * sockets (and memory) for ever. Node enforces each; these choose the values, from the environment.
 */
import type { Server } from 'node:http';
import type { Env } from '../config/env.js';

type ConnectionSettings = Pick<
  Env,
  | 'HTTP_REQUEST_TIMEOUT_SECONDS'
  | 'HTTP_HEADERS_TIMEOUT_SECONDS'
  | 'HTTP_KEEP_ALIVE_TIMEOUT_SECONDS'
  | 'HTTP_MAX_CONNECTIONS'
>;

/** The Fastify options that carry them (Fastify's own defaults: no request timeout, 72 s keep-alive). */
export interface ConnectionOptions {
  requestTimeout: number;
  keepAliveTimeout: number;
  http: { headersTimeout: number; connectionsCheckingInterval: number };
}

export function connectionOptions(env: ConnectionSettings): ConnectionOptions {
  const requestMs = Math.round(env.HTTP_REQUEST_TIMEOUT_SECONDS * 1000);
  const headersMs = Math.round(env.HTTP_HEADERS_TIMEOUT_SECONDS * 1000);
  return {
    // The whole request, headers and body: a body trickled in a byte at a time ends here with a 408.
    requestTimeout: requestMs,
    keepAliveTimeout: Math.round(env.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS * 1000),
    http: {
      headersTimeout: headersMs,
      // Node checks both timeouts on this period (30 s by default), so a 1 s timeout could last 31 s:
      // check four times per shortest timeout, and at least every 30 s.
      connectionsCheckingInterval: Math.max(
        25,
        Math.min(30_000, Math.round(Math.min(requestMs, headersMs) / 4)),
      ),
    },
  };
}

/** Beyond HTTP_MAX_CONNECTIONS open at once, Node closes each new connection as it arrives. */
export function capConnections(server: Server, env: ConnectionSettings): void {
  server.maxConnections = env.HTTP_MAX_CONNECTIONS;
}
