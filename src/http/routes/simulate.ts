/** `/simulate/trigger` and `/simulate/status/{job_id}`: start a simulation job and follow it. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { JobService } from '../../jobs/job-service.js';
import type { DeploymentInfo } from '../../jobs/job-views.js';
import { bindJobId } from '../request-logging.js';
import { BEARER_SECURITY, jobIdParamsSchema, responses, triggerBodySchema } from '../schemas.js';

export interface SimulateRoutesOptions {
  jobs: Pick<JobService, 'trigger' | 'status'>;
  deployment: DeploymentInfo;
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
        response: responses.trigger,
      },
    },
    async (request, reply) => {
      const created = await jobs.trigger(request.body);
      bindJobId(request, reply, created.job_id);
      request.log.info({ total_model_days: created.total_model_days }, 'job created');
      return { ...created, ...deployment };
    },
  );

  app.get(
    '/simulate/status/:job_id',
    {
      schema: {
        tags: ['simulation'],
        summary: 'Progress and per-model-day details of a job',
        params: jobIdParamsSchema,
        response: responses.status,
      },
    },
    async (request) => ({ ...(await jobs.status(request.params.job_id)), ...deployment }),
  );
};
