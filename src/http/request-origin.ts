/**
 * Who may talk to this server from a browser. Two attacks need no password when the server listens
 * on loopback without API_TOKEN (the default):
 *
 * - DNS rebinding: a page at `attacker.example` re-points its name at 127.0.0.1 and then reads the
 *   API as if it were its own origin. Its requests carry `Host: attacker.example`, so only names
 *   the server is known by are answered: loopback (`localhost`, any IP address: an address cannot
 *   be rebound), `HOST` when it is a name, and the names of `ALLOWED_HOSTS`.
 * - Cross-site requests: any page may send a form POST (or a fetch with no-cors) to the server. The
 *   browser says where it comes from in `Origin`: a state-changing request, and any request to
 *   `/mcp`, is refused when that is another site. Clients that are not browsers (the CLI, curl, MCP
 *   SDKs) send no Origin and are not cross-site.
 */
import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { Env } from '../config/env.js';
import { HttpError } from './errors.js';

/** Methods that only read; every other one changes something. */
const READ_ONLY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The MCP endpoint: its GET opens a stream on a session, so every method there is checked. */
const ALWAYS_CHECKED_PATHS = new Set(['/mcp']);

export interface HostPolicy {
  /** Whether a request naming the server so (its Host header) is answered. */
  allowsHost(hostHeader: string | undefined): boolean;
  /** Whether a request from this Origin may change state (`host` is its Host header). */
  allowsOrigin(origin: string, hostHeader: string | undefined): boolean;
}

/**
 * The names this server answers to: loopback and IP addresses always, `listenHost` (HOST or
 * `--host`) when it is a name, and ALLOWED_HOSTS (`*`: any name at all).
 */
export function hostPolicy(env: Pick<Env, 'ALLOWED_HOSTS'>, listenHost: string | undefined): HostPolicy {
  const listed = new Set(env.ALLOWED_HOSTS.filter((name) => name !== '*'));
  const anyName = env.ALLOWED_HOSTS.includes('*');
  const names = new Set(listed);
  const listen = listenHost?.trim().toLowerCase();
  if (listen !== undefined && listen !== '' && !isIpAddress(listen)) names.add(listen);
  const allowsName = (hostname: string): boolean =>
    isIpAddress(hostname) || isLocalhost(hostname) || names.has(hostname) || anyName;
  return {
    allowsHost(hostHeader) {
      // HTTP/1.0 clients may send none; browsers always do, so no rebinding comes without one.
      if (hostHeader === undefined) return true;
      const hostname = hostnameOf(hostHeader);
      return hostname !== undefined && allowsName(hostname);
    },
    allowsOrigin(origin, hostHeader) {
      const from = originHost(origin);
      if (from === undefined) return false; // `null` (a sandboxed frame, a file) or no URL at all
      // The page the request comes from was served by this server under the name it was asked by...
      if (hostHeader !== undefined && from.host === hostHeader.trim().toLowerCase()) return true;
      // ... or by a name the operator listed (a proxy in front may rewrite Host to its upstream).
      return listed.has(from.hostname);
    },
  };
}

/** An `onRequest` hook refusing other names (403) and, for state changes and `/mcp`, other sites (403). */
export function requestOriginGuard(policy: HostPolicy): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const host = request.headers.host;
    if (!policy.allowsHost(host)) {
      throw new HttpError(
        403,
        `Host ${JSON.stringify(excerpt(host ?? ''))} is not a name this server answers to; ` +
          'a deployment lists the names clients use in ALLOWED_HOSTS',
      );
    }
    const origin = request.headers.origin;
    if (origin === undefined || !needsOriginCheck(request)) return;
    if (!policy.allowsOrigin(origin, host)) {
      throw new HttpError(
        403,
        `Cross-site request refused: Origin ${JSON.stringify(excerpt(origin))} is not this server's ` +
          '(a page of another site may not change anything here or talk to /mcp)',
      );
    }
  };
}

function needsOriginCheck(request: FastifyRequest): boolean {
  const path = request.url.split('?', 1)[0] ?? '';
  return !READ_ONLY_METHODS.has(request.method) || ALWAYS_CHECKED_PATHS.has(path);
}

/** `Name:8080` -> `name`, `[::1]:8080` -> `[::1]`; undefined when it is not a host at all. */
export function hostnameOf(hostHeader: string): string | undefined {
  const value = hostHeader.trim().toLowerCase();
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d{0,5})?$/.exec(value);
  return match?.[1];
}

/** The `host:port` (as a Host header would spell it) and hostname of an Origin. */
function originHost(origin: string): { host: string; hostname: string } | undefined {
  if (origin.trim().toLowerCase() === 'null') return undefined;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return { host: url.host.toLowerCase(), hostname: url.hostname.toLowerCase() };
  } catch {
    return undefined;
  }
}

/** An IP address (`[::1]` with its brackets, as in a Host header), which DNS cannot re-point. */
function isIpAddress(hostname: string): boolean {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) !== 0;
}

/** `localhost` and its subdomains, which browsers resolve to loopback themselves (RFC 6761). */
function isLocalhost(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost');
}

/** Whether listening on `host` reaches only this machine. */
export function isLoopbackAddress(host: string): boolean {
  const value = host.trim().toLowerCase();
  if (isLocalhost(value)) return true;
  const bare = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  return bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'));
}

function excerpt(text: string): string {
  return text.length <= 100 ? text : `${text.slice(0, 100)}...`;
}
