import { randomUUID } from 'node:crypto';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/** Query parameters whose values are secrets: masked in every logged URL. */
const SECRET_QUERY_PARAMS = /([?&](?:token|api_key|apikey|access_token)=)[^&#]*/gi;

/**
 * Marks the server's own warm-up requests (see server.ts), which are not worth a log line. A
 * per-process secret, so no client can use the header to keep its requests out of the logs.
 */
const WARM_UP_HEADER = 'x-ai-trader-warm-up';
const WARM_UP_TOKEN = randomUUID();
export const warmUpHeaders = (): Record<string, string> => ({ [WARM_UP_HEADER]: WARM_UP_TOKEN });

/** Why a request was refused, kept until its one log line is written. */
const refusals = new WeakMap<FastifyRequest, unknown>();

/**
 * One log line per request, written when it completes: method, URL (secrets masked), status,
 * duration, the job it concerns and, for a refusal, why. Fastify's default is two lines per request
 * (incoming and completed), which on a busy read endpoint costs more than the read itself.
 */
export class JobAwareLogController extends LogController {
  override incomingRequest(request: FastifyRequest, reply: FastifyReply): void {
    // Bound before anything else logs, so every line about a job can be found by the job's id.
    const jobId = (request.params as { job_id?: unknown } | null)?.job_id;
    if (typeof jobId === 'string' && jobId !== '') bindJobId(request, reply, jobId);
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line: Record<string, unknown> = {
      method: request.method,
      url: maskSecrets(request.url),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 100) / 100,
    };
    const refusal = refusals.get(request);
    if (refusal !== undefined) line['detail'] = refusal;
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request');
  }
}

/** Remembers why a request was refused, for its completion line. */
export function noteRefusal(request: FastifyRequest, detail: unknown): void {
  refusals.set(request, detail);
}

/** `?token=abc` -> `?token=[redacted]`: a token sent in the URL must not end up in the logs. */
export function maskSecrets(url: string): string {
  return url.replace(SECRET_QUERY_PARAMS, '$1[redacted]');
}

/** Adds `job_id` to every later log line of this request (also used once a trigger creates a job). */
export function bindJobId(request: FastifyRequest, reply: FastifyReply, jobId: string): void {
  request.log = request.log.child({ job_id: jobId });
  reply.log = request.log;
}
