import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * Binds the `job_id` route parameter to the request's logger before Fastify writes its first line,
 * so every line about a job (incoming, refused, failed, completed) can be found by the job's id.
 * Fastify's request serializer logs method, URL and peer only, never headers, so tokens stay out.
 */
export class JobAwareLogController extends LogController {
  override incomingRequest(request: FastifyRequest, reply: FastifyReply): void {
    const jobId = (request.params as { job_id?: unknown } | null)?.job_id;
    if (typeof jobId === 'string' && jobId !== '') bindJobId(request, reply, jobId);
    super.incomingRequest(request, reply);
  }
}

/** Adds `job_id` to every later log line of this request (also used once a trigger creates a job). */
export function bindJobId(request: FastifyRequest, reply: FastifyReply, jobId: string): void {
  request.log = request.log.child({ job_id: jobId });
  reply.log = request.log;
}
