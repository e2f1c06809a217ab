/**
 * How failures become HTTP answers. Clients of the original (FastAPI) server read `detail`: a string
 * for refusals, a list of `{loc, msg, type}` for request-shape problems (422). Nothing unexpected
 * reaches the client: it is logged in full and answered with a fixed 500 message.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { NotFoundError, RefusedError } from '../core/errors.js';
import { describeDatabaseFault } from '../store/database-faults.js';
import { VALUE_ERROR, type ErrorBody, type ValidationIssue } from './contract/common.js';
import { JobNotFoundError } from '../jobs/job-service.js';
import { jobIdOfRefusedUrl } from './job-ids.js';
import { noteRefusal } from './request-logging.js';
import { securityHeaderLines, setSecurityHeaders } from './security-headers.js';

export const INTERNAL_ERROR_MESSAGE = 'Internal server error';
export const NOT_FOUND_MESSAGE = 'Not Found';
/** How a 503's `detail` starts, before the database's own words (`database or disk is full`). */
export const DATABASE_UNAVAILABLE = 'Database unavailable';

/** A refusal decided at the HTTP layer itself (authentication, a removed parameter). */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Where each Fastify validation context sits in FastAPI's `loc`. */
const LOC_PREFIX: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

/** FastAPI's names for the commonest type mismatches, so clients matching on `type` keep working. */
const TYPE_NAMES: Record<string, string> = {
  string: 'string_type',
  boolean: 'bool_type',
  number: 'float_type',
  int: 'int_type',
  array: 'list_type',
  object: 'dict_type',
};

interface ZodIssueLike {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Fastify/zod validation errors as FastAPI's 422 detail list. */
export function validationDetail(
  issues: readonly ZodIssueLike[],
  context: string | undefined,
  input: unknown,
): ValidationIssue[] {
  const prefix = LOC_PREFIX[context ?? ''] ?? context ?? 'body';
  return issues.map((issue) => {
    const path = issue.instancePath
      .split('/')
      .filter((part) => part !== '')
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const params = issue.params['params'] as { kind?: unknown } | undefined;
    if (issue.keyword === 'custom' && params?.kind === VALUE_ERROR) {
      // pydantic's wording for a validator's refusal, which the original's clients read.
      return {
        loc: [prefix, ...path],
        msg: `Value error, ${issue.message ?? 'invalid value'}`,
        type: VALUE_ERROR,
      };
    }
    const missing = issue.keyword === 'invalid_type' && valueAt(input, path) === undefined;
    if (missing) return { loc: [prefix, ...path], msg: 'Field required', type: 'missing' };
    const expected = typeof issue.params['expected'] === 'string' ? issue.params['expected'] : '';
    const type =
      issue.keyword === 'invalid_type'
        ? (TYPE_NAMES[expected] ?? `${expected}_type`)
        : issue.keyword === 'unrecognized_keys'
          ? 'extra_forbidden'
          : 'value_error';
    return { loc: [prefix, ...path], msg: issue.message ?? 'Invalid value', type };
  });
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

function inputFor(request: FastifyRequest, context: string | undefined): unknown {
  if (context === 'querystring') return request.query;
  if (context === 'params') return request.params;
  if (context === 'headers') return request.headers;
  return request.body;
}

interface Answer {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

/** Maps a thrown error to its answer; undefined for anything unexpected (a bug or an outage). */
export function answerFor(error: unknown, request: FastifyRequest): Answer | undefined {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext;
    return {
      status: 422,
      body: { detail: validationDetail(error.validation, context, inputFor(request, context)) },
    };
  }
  if (error instanceof HttpError) {
    return { status: error.statusCode, body: { detail: error.message }, headers: error.headers };
  }
  // The original answered every semantic refusal 400 (a finished job's cancel included: it had no cancel).
  if (error instanceof RefusedError) return { status: 400, body: { detail: error.message } };
  if (error instanceof NotFoundError) return { status: 404, body: { detail: error.message } };
  // The database, not the request, is the problem: say so, and that trying later may work.
  const fault = describeDatabaseFault(error);
  if (fault) return { status: 503, body: { detail: `${DATABASE_UNAVAILABLE}: ${fault.message}` } };
  return fastifyClientError(error);
}

/** Fastify's own 4xx errors (body too large, malformed JSON, wrong content type), in our shape. */
function fastifyClientError(error: unknown): Answer | undefined {
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: { detail: 'Request body is too large' } };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        status: 422,
        body: { detail: [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }] },
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: { detail: 'Unsupported media type: send application/json' } };
    default:
      // Other framework 4xx messages are written for clients and carry no internals.
      return { status, body: { detail: fastifyError.message ?? 'Bad request' } };
  }
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const answer = answerFor(error, request);
  if (answer) {
    if (answer.status === 503) request.log.warn({ err: error }, 'database unavailable');
    noteRefusal(request, answer.body.detail);
    return reply
      .code(answer.status)
      .headers(answer.headers ?? {})
      .send(answer.body);
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.code(500).send({ detail: INTERNAL_ERROR_MESSAGE });
}

/**
 * URLs the router refuses before any route runs (a percent-encoding that is not UTF-8, a path
 * parameter over its length limit): a job route's id is then one no job has, answered as any unknown
 * id; any other such URL is a 400. Both in the `{detail}` shape.
 */
export function routerRefusal(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  // Refused before any hook ran: the headers every answer carries are set here.
  setSecurityHeaders(reply.raw);
  const jobId = jobIdOfRefusedUrl(request.raw.method ?? '', request.raw.url ?? '');
  const refusal = jobId === undefined ? new HttpError(400, error.message) : new JobNotFoundError(jobId);
  void errorHandler(refusal, request, reply);
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a control character or a raw
 * non-ASCII byte in the URL, an unknown method, headers over the size limit), answered in the
 * `{detail}` shape as well; Fastify's own answer has none. The connection is closed after it.
 */
export function clientErrorHandler(error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request header fields too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request timeout']
        : [400, `Malformed HTTP request: ${error.message.replace(/^Parse Error: /, '')}`];
  const body = JSON.stringify({ detail });
  // An answer already under way on this socket cannot be followed by another one.
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && inFlight?.headersSent !== true) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n${securityHeaderLines()}Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

export function notFoundHandler(_request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.code(404).send({ detail: NOT_FOUND_MESSAGE });
}
