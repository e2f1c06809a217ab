/**
 * Optional bearer-token protection for the endpoints that change state. Reads stay open so
 * dashboards and monitors need no secret.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors.js';

export const NOT_AUTHENTICATED = 'Not authenticated';
export const INVALID_TOKEN = 'Invalid authentication credentials';

const READ_ONLY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// Hashing first gives both sides the same length, so the comparison time says nothing about the token.
const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * An `onRequest` hook: mutating requests to known routes must carry `Authorization: Bearer <token>`.
 * With `allMethods` (the MCP endpoint, whose GET opens a client's stream), reads must carry it too.
 */
export function bearerTokenGuard(
  token: string,
  options: { allMethods?: boolean } = {},
): (request: FastifyRequest) => Promise<void> {
  const expected = digest(token);
  return async (request) => {
    // Unknown routes answer 404 whoever asks; only real mutating endpoints are guarded.
    if (request.routeOptions.url === undefined) return;
    if (!options.allMethods && READ_ONLY_METHODS.has(request.method)) return;
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
    const challenge = { 'www-authenticate': 'Bearer' };
    if (!match?.[1]) throw new HttpError(401, NOT_AUTHENTICATED, challenge);
    if (!timingSafeEqual(digest(match[1]), expected)) throw new HttpError(401, INVALID_TOKEN, challenge);
  };
}
