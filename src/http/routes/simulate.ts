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

export interface SimulateRoutesOptions {
  jobs: Pick<JobService, 'trigger' | 'status'>;
  deployment: Deployment;
}

export const simulateRoutes: FastifyPluginAsyncZod<SimulateRoutesOptions> = async (
  app,
  { jobs, deployment },
) => {
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
    async (request) => jobStatusAnswer(await jobs.status(request.params.job_id), deployment),
  );
};
