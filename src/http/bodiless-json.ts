/**
 * JSON bodies, as Fastify parses them, except that a request whose method carries no body by its
 * meaning (GET, HEAD, DELETE, OPTIONS) may declare `Content-Type: application/json` and send none.
 * Real clients do: the official Python MCP SDK ends a session with exactly such a DELETE, which a
 * strict parser answers 422 (`JSON decode error`), leaving the session open until it times out.
 * A POST with a declared JSON body that is empty stays a 422, as the original server answered.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** What this needs of the app: its parsers (HttpApp's own type would import app.ts back). */
interface JsonParsing {
  getDefaultJsonParser: FastifyInstance['getDefaultJsonParser'];
  removeContentTypeParser(contentType: string): unknown;
  addContentTypeParser(
    contentType: string,
    options: { parseAs: 'string' },
    parser: (
      request: FastifyRequest,
      body: string | Buffer,
      done: (error: Error | null, body?: unknown) => void,
    ) => void,
  ): unknown;
}

const BODILESS_METHODS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

export function acceptBodilessJson(app: JsonParsing): void {
  // Fastify's own parser, with its protection against prototype poisoning.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' && BODILESS_METHODS.has(request.method)) {
      done(null, undefined);
      return;
    }
    parseJson(request, typeof body === 'string' ? body : body.toString('utf8'), done);
  });
}
