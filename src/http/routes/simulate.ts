/** `/simulate/trigger` and `/simulate/status/{job_id}`: start a simulation job and follow it. */
import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deployment } from '../../app/container.js';
import type { JobService } from '../../jobs/job-service.js';
import {
  BEARER_SECURITY,
  DETAILS_PAGE_MAX,
  jobIdParamsSchema,
  statusQuerySchema,
  statusResponses,
  triggerBodySchema,
  triggerResponses,
} from '../contract/simulate.js';
import { jobStatusAnswer, triggerAnswer } from '../job-answers.js';
import { costEstimateAnswer, plannedModelDays } from '../cost-estimate-answer.js';
import type { ResultsService } from '../../results/results-service.js';
import { possibleJobId } from '../job-ids.js';
import { bindJobId } from '../request-logging.js';
import { AnswerCache, sendAnswer, type SerializedAnswer } from '../answer-cache.js';
import { detailsView, detailsViewKey, type DetailsView } from '../status-details.js';
import { isTerminalJobStatus } from '../../jobs/lifecycle.js';

/** What a cached status answer was computed from. */
interface StatusExtra {
  fingerprint: string;
  final: boolean;
}

export interface SimulateRoutesOptions {
  jobs: Pick<JobService, 'trigger' | 'status' | 'statusFingerprint'>;
  deployment: Deployment;
  /** Estimates a job's cost from recorded usage, for triggers that ask (`estimate_cost`). */
  costs: Pick<ResultsService, 'estimateCost'>;
}

export const simulateRoutes: FastifyPluginAsyncZod<SimulateRoutesOptions> = async (
  app,
  { jobs, deployment, costs },
) => {
  const statusAnswers = new AnswerCache<StatusExtra>({ maxBytes: 16 * 1024 * 1024 });
  const computing = new Map<string, Promise<SerializedAnswer & StatusExtra>>();

  const currentStatus = async (
    jobId: string,
    view: DetailsView,
    key: string,
    cached: (SerializedAnswer & StatusExtra) | undefined,
  ): Promise<SerializedAnswer & StatusExtra> => {
    const fingerprint = await jobs.statusFingerprint(jobId);
    if (cached?.fingerprint === fingerprint) return cached;
    const report = await jobs.status(jobId);
    // The default view's ETag is the fingerprint's alone; another view's answer differs, so does its tag.
    const tagged = view.chosen ? `${fingerprint} ${detailsViewKey(view)}` : fingerprint;
    const answer = {
      etag: `"${createHash('sha1').update(tagged).digest('base64url')}"`,
      body: JSON.stringify(jobStatusAnswer(report, deployment, view)),
      fingerprint,
      final: isTerminalJobStatus(report.job.status),
    };
    statusAnswers.set(key, answer);
    return answer;
  };

  app.post(
    '/simulate/trigger',
    {
      schema: {
        tags: ['simulation'],
        summary: 'Create a simulation job',
        description:
          'Validates and plans the model-days and answers at once; prices are prepared and models run ' +
          'in the background. Poll /simulate/status/{job_id} to follow it. With estimate_cost: true the ' +
          "answer adds cost_estimate: each model's planned model-days times its average recorded usage " +
          'per committed model-day in the market, or the reason it has none.',
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
        ...(body.market ? { market: body.market } : {}),
        ...(body.repeats === undefined ? {} : { repeats: body.repeats }),
      });
      bindJobId(request, reply, created.jobId);
      request.log.info({ total_model_days: created.totalModelDays }, 'job created');
      const answer = triggerAnswer(created, deployment);
      // Repeats multiply a job's cost, so a trigger asking for them always hears what it may cost.
      if (body.estimate_cost !== true && (body.repeats ?? 1) <= 1) return answer;
      // The job's own plan says what will run: its model-days per model, in its market.
      const { job, details } = await jobs.status(created.jobId);
      const estimate = await costs.estimateCost(job.market, plannedModelDays(job.models, details));
      return { ...answer, cost_estimate: costEstimateAnswer(estimate) };
    },
  );

  app.get(
    '/simulate/status/:job_id',
    {
      schema: {
        tags: ['simulation'],
        summary: 'Progress and per-model-day details of a job',
        description:
          `\`progress\` counts every model-day; \`details\` lists at most ${DETAILS_PAGE_MAX} of them. A bigger ` +
          'job answers the first page with `details_page` saying where the next starts; `details`, ' +
          '`details_offset` and `details_limit` choose the page or keep only failed model-days.',
        params: jobIdParamsSchema,
        querystring: statusQuerySchema,
        response: statusResponses,
      },
    },
    async (request, reply) => {
      const jobId = possibleJobId(request.params.job_id);
      const view = detailsView(request.query);
      // One entry per job and view (JSON, so no id and view can spell another pair's key).
      const key = JSON.stringify([jobId, detailsViewKey(view)]);
      const cached = statusAnswers.get(key);
      // A finished job's status never changes again; an active one's is reused until its fingerprint moves.
      if (cached?.final) return sendAnswer(request, reply, cached);
      // Pollers of a busy job arrive together: one computation serves every request waiting on it.
      let pending = computing.get(key);
      if (pending === undefined) {
        pending = currentStatus(jobId, view, key, cached).finally(() => computing.delete(key));
        computing.set(key, pending);
      }
      return sendAnswer(request, reply, await pending);
    },
  );
};
