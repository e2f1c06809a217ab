/**
 * The arena over MCP's streamable HTTP transport, mounted at `/mcp` on the API server. Each MCP
 * session (its `Mcp-Session-Id`) is one client with its own server and at most one claimed day.
 * Sessions are bounded, and closed after MCP_IDLE_TIMEOUT_SECONDS without a request, or when the
 * client deletes them: either way a day still claimed fails, with nothing of it written.
 */
import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { bearerTokenGuard } from '../auth.js';
import type { ArenaClient } from '../../mcp/arena-client.js';
import { createArenaServer } from '../../mcp/arena-server.js';
import type { ExternalArena } from '../../mcp/external-arena.js';

export const MCP_PATH = '/mcp';
/** Clients connected at once (MCP_MAX_SESSIONS); a new one beyond this is refused until one leaves or times out. */
export const MAX_MCP_SESSIONS = 64;

export interface McpRouteOptions {
  arena: ExternalArena;
  logger: Logger;
  version: string;
  /** API_TOKEN; empty for none. */
  apiToken: string;
  maxSessions?: number;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  client: ArenaClient;
  timer?: NodeJS.Timeout;
}

export async function mcpRoutes(app: FastifyInstance, opts: McpRouteOptions): Promise<void> {
  const sessions = new Map<string, Session>();
  const maxSessions = opts.maxSessions ?? MAX_MCP_SESSIONS;
  let shuttingDown = false;

  // At shutdown the sessions close without failing their days: the arena hands those back as pending.
  app.addHook('preClose', async () => {
    shuttingDown = true;
    const open = [...sessions.values()];
    sessions.clear();
    await Promise.allSettled(open.map((s) => s.transport.close()));
  });

  const idle = (id: string, session: Session): void => {
    clearTimeout(session.timer);
    session.timer = setTimeout(() => {
      // A claimed day keeps its session: the day's own idle timer fails it with that reason first.
      if (session.client.heldDay) return idle(id, session);
      opts.logger.info({ mcp_session: id }, 'MCP session idle: closing it');
      void session.transport.close();
    }, opts.arena.idleTimeoutMs);
    session.timer.unref();
  };

  const open = async (request: FastifyRequest, reply: FastifyReply): Promise<Session | undefined> => {
    if (sessions.size >= maxSessions) {
      // Capacity, not the client's fault: 503 with a hint of when to come back.
      void reply.header('retry-after', '10');
      await rpcError(
        reply,
        503,
        `Too many MCP sessions (${maxSessions}, MCP_MAX_SESSIONS); try again once a client leaves or goes idle.`,
      );
      return undefined;
    }
    const { server, client } = createArenaServer(opts.arena, opts.logger, opts.version);
    let id: string | undefined;
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      // The SDK's own DNS-rebinding check, behind the app's (request-origin.ts): a session answers
      // only under the Host, and from the Origin, it was opened with.
      ...rebindingProtection(request),
      onsessioninitialized: (sessionId) => {
        id = sessionId;
        sessions.set(sessionId, session);
        idle(sessionId, session);
        opts.logger.info({ mcp_session: sessionId }, 'MCP session opened');
      },
    });
    const session: Session = { transport, client };
    transport.onclose = () => {
      clearTimeout(session.timer);
      if (id !== undefined) sessions.delete(id);
      if (!shuttingDown) void client.disconnect('MCP session closed');
    };
    await server.connect(transport);
    return session;
  };

  const guard = opts.apiToken === '' ? [] : [bearerTokenGuard(opts.apiToken, { allMethods: true })];
  app.route({
    method: ['GET', 'POST', 'DELETE'],
    url: MCP_PATH,
    schema: { hide: true },
    onRequest: guard,
    handler: async (request, reply) => {
      const header = request.headers['mcp-session-id'];
      const id = typeof header === 'string' ? header : undefined;
      let session = id === undefined ? undefined : sessions.get(id);
      if (!session) {
        if (id !== undefined)
          return rpcError(reply, 404, 'Unknown or expired MCP session; initialize again.');
        if (request.method !== 'POST' || !isInitializeRequest(request.body)) {
          return rpcError(reply, 400, 'No MCP session: send an initialize request first.');
        }
        session = await open(request, reply);
        if (!session) return reply;
      } else {
        idle(id!, session);
      }
      // The transport writes the answer itself (JSON or an event stream).
      reply.hijack();
      await session.transport.handleRequest(request.raw, reply.raw, request.body);
      return reply;
    },
  });
}

/**
 * The transport's allow-lists for one session: the Host its initialize named (the app has checked
 * it), and the same-origin Origins of that Host plus the one the initialize came from, if any.
 */
function rebindingProtection(request: FastifyRequest): {
  enableDnsRebindingProtection: true;
  allowedHosts?: string[];
  allowedOrigins: string[];
} {
  const host = request.headers.host;
  const origin = request.headers.origin;
  const origins = host === undefined ? [] : [`http://${host}`, `https://${host}`];
  if (origin !== undefined && !origins.includes(origin)) origins.push(origin);
  return {
    enableDnsRebindingProtection: true,
    ...(host === undefined ? {} : { allowedHosts: [host] }),
    allowedOrigins: origins,
  };
}

function rpcError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply
    .code(status)
    .type('application/json')
    .send(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}
