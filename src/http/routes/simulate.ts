/** `/simulate/trigger` and `/simulate/status/{job_id}`: start a simulation job and follow it. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deployment } from '../../app/container.js';
import type { JobService } from '../../jobs/job-service.js';
import {
  BEARER_SECURITY,
  jobIdParamsSchema,
  statusResponses,
  triggerBodySchema,
  triggerResponses,
} from '../contract/simulate.js';
import { jobStatusAnswer, triggerAnswer } from '../job-answers.js';
import { bindJobId } from '../request-logging.js';
import { AnswerCache, sendAnswer, serializeWithHash } from '../answer-cache.js';
import { isTerminalJobStatus } from '../../jobs/job-types.js';

export interface SimulateRoutesOptions {
  jobs: Pick<JobService, 'trigger' | 'status'>;
  deployment: Deployment;
}

export const simulateRoutes: FastifyPluginAsyncZod<SimulateRoutesOptions> = async (
  app,
  { jobs, deployment },
) => {
  const finishedJobs = new AnswerCache(8 * 1024 * 1024);

  app.post(
    '/simulate/trigger',
    {
      schema: {
        tags: ['simulation'],
        summary: 'Create a simulation job',
        description:
          'Validates and plans the model-days and answers at once; prices are prepared and models run ' +
          'in the background. Poll /simulate/status/{job_id} to follow it.',
        security: BEARER_SECURITY,
        body: triggerBodySchema,
        response: triggerResponses,
      },
    },
    async (request, reply) => {
      const body = request.body;
      const created = await jobs.trigger({
        startDate: body.start_date ?? null,
        // The schema refuses a missing or blank end_date.
        endDate: body.end_date ?? '',
        models: body.models ?? null,
        replaceExisting: body.replace_existing === true,
      });
      bindJobId(request, reply, created.jobId);
      request.log.info({ total_model_days: created.totalModelDays }, 'job created');
      return triggerAnswer(created, deployment);
    },
  );

  app.get(
    '/simulate/status/:job_id',
    {
      schema: {
        tags: ['simulation'],
        summary: 'Progress and per-model-day details of a job',
        params: jobIdParamsSchema,
        response: statusResponses,
      },
    },
    async (request, reply) => {
      const jobId = request.params.job_id;
      const cached = finishedJobs.get(jobId);
      if (cached !== undefined) return sendAnswer(request, reply, cached);
      const report = await jobs.status(jobId);
      const answer = jobStatusAnswer(report, deployment);
      if (!isTerminalJobStatus(report.job.status))
        return sendAnswer(request, reply, serializeWithHash(answer));
      // A finished job's status never changes again: serialized once, then served as it is.
      const finished = { etag: `"${jobId}:${report.job.completedAt ?? ''}"`, body: JSON.stringify(answer) };
      finishedJobs.set(jobId, finished);
      return sendAnswer(request, reply, finished);
    },
  );
};
