/** `/simulate/jobs`: the job list, and cancelling a job. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deployment } from '../../app/container.js';
import type { JobService } from '../../jobs/job-service.js';
import { jobListQuerySchema, jobListResponses } from '../contract/jobs.js';
import { BEARER_SECURITY, cancelResponses, jobIdParamsSchema } from '../contract/simulate.js';
import { jobStatusAnswer, jobSummaryAnswer } from '../job-answers.js';
import { possibleJobId } from '../job-ids.js';

export interface JobsRoutesOptions {
  jobs: Pick<JobService, 'list' | 'cancel'>;
  deployment: Deployment;
}

export const jobsRoutes: FastifyPluginAsyncZod<JobsRoutesOptions> = async (app, { jobs, deployment }) => {
  app.get(
    '/simulate/jobs',
    {
      schema: {
        tags: ['simulation'],
        summary: 'Jobs, newest first',
        querystring: jobListQuerySchema,
        response: jobListResponses,
      },
    },
    async (request) => {
      const { limit, offset, status } = request.query;
      const page = await jobs.list({ limit, offset, ...(status === undefined ? {} : { status }) });
      return { jobs: page.jobs.map(jobSummaryAnswer), total: page.total, limit, offset };
    },
  );

  await app.register(cancelRoute, { jobs, deployment });
};

/**
 * A cancel takes no body. Clients still send one (an empty body under a JSON content type, a form,
 * text): it is read, within the body limit, and ignored rather than refused. The parser that does
 * so is scoped to this route alone.
 */
const cancelRoute: FastifyPluginAsyncZod<JobsRoutesOptions> = async (app, { jobs, deployment }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => done(null, undefined));

  app.post(
    '/simulate/jobs/:job_id/cancel',
    {
      schema: {
        tags: ['simulation'],
        summary: 'Cancel an active job',
        description:
          'Model-days already running finish and are kept; the rest end `skipped` with error `Cancelled`. ' +
          'Answers with the job status after the request. A body, if any, is ignored.',
        security: BEARER_SECURITY,
        params: jobIdParamsSchema,
        response: cancelResponses,
      },
    },
    async (request) => jobStatusAnswer(await jobs.cancel(possibleJobId(request.params.job_id)), deployment),
  );
};
