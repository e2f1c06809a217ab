/** `/simulate/jobs`: the job list, and cancelling a job. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { JobService } from '../../jobs/job-service.js';
import type { DeploymentInfo } from '../../jobs/job-views.js';
import { BEARER_SECURITY, jobIdParamsSchema, jobListQuerySchema, responses } from '../schemas.js';

export interface JobsRoutesOptions {
  jobs: Pick<JobService, 'list' | 'cancel'>;
  deployment: DeploymentInfo;
}

export const jobsRoutes: FastifyPluginAsyncZod<JobsRoutesOptions> = async (app, { jobs, deployment }) => {
  app.get(
    '/simulate/jobs',
    {
      schema: {
        tags: ['simulation'],
        summary: 'Jobs, newest first',
        querystring: jobListQuerySchema,
        response: responses.jobList,
      },
    },
    async (request) => jobs.list(request.query),
  );

  app.post(
    '/simulate/jobs/:job_id/cancel',
    {
      schema: {
        tags: ['simulation'],
        summary: 'Cancel an active job',
        description:
          'Model-days already running finish and are kept; the rest end `skipped` with error `Cancelled`. ' +
          'Answers with the job status after the request.',
        security: BEARER_SECURITY,
        params: jobIdParamsSchema,
        response: responses.cancel,
      },
    },
    async (request) => ({ ...(await jobs.cancel(request.params.job_id)), ...deployment }),
  );
};
