/** `/results`: what the models did, one model-day (single date) or one model per range. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { todayUtc } from '../../core/dates.js';
import { AnswerCache, sendAnswer } from '../answer-cache.js';
import type { ResultsService } from '../../results/results-service.js';
import {
  leaderboardQuerySchema,
  leaderboardResponses,
  resultsQuerySchema,
  resultsResponses,
} from '../contract/results.js';
import { HttpError } from '../errors.js';
import { leaderboardAnswer, resultsAnswer } from '../results-answers.js';

export interface ResultsRoutesOptions {
  results: Pick<ResultsService, 'getResults' | 'leaderboard' | 'dataVersion'>;
  now: () => Date;
  /** The window without dates: `DEFAULT_RESULTS_LOOKBACK_DAYS`. */
  lookbackDays: number;
}

export const DATE_PARAMETER_REMOVED =
  "The 'date' parameter has been removed. Use start_date and end_date instead (equal dates for a single day).";

export const resultsRoutes: FastifyPluginAsyncZod<ResultsRoutesOptions> = async (
  app,
  { results, now, lookbackDays },
) => {
  const cache = new AnswerCache();
  /**
   * An answer computed from the data at one version holds until the version moves: serve it again
   * (or 304) when it has not. The key carries today's date, which windows and date checks depend on.
   */
  const cached = async (
    request: FastifyRequest,
    reply: FastifyReply,
    compute: () => Promise<unknown>,
  ): Promise<FastifyReply> => {
    const version = await results.dataVersion();
    const today = todayUtc(now());
    const key = `${today} ${request.url}`;
    const etag = `"v${version}-${today}"`;
    const hit = cache.get(key);
    if (hit !== undefined && hit.etag === etag) return sendAnswer(request, reply, hit);
    const answer = { etag, body: JSON.stringify(await compute()) };
    cache.set(key, answer);
    return sendAnswer(request, reply, answer);
  };

  app.get(
    '/results',
    {
      schema: {
        tags: ['results'],
        summary: 'Trading results',
        description:
          'One date (or equal dates): one item per model-day. A range: one item per model with its daily ' +
          'portfolio values and period metrics. Without dates: the last DEFAULT_RESULTS_LOOKBACK_DAYS days.',
        querystring: resultsQuerySchema,
        response: resultsResponses,
      },
    },
    async (request, reply) => {
      const query = request.query;
      refuseRemovedDateParameter(query);
      return cached(request, reply, async () => {
        const answer = await results.getResults(
          {
            startDate: query.start_date,
            endDate: query.end_date,
            model: query.model,
            jobId: query.job_id,
            reasoning: query.reasoning,
          },
          now(),
          lookbackDays,
        );
        return resultsAnswer(answer);
      });
    },
  );

  app.get(
    '/results/leaderboard',
    {
      schema: {
        tags: ['results'],
        summary: 'Leaderboard',
        description:
          'Models ranked by return over the period (all history when no dates are given, or one job), ' +
          'with ending value, trades, max drawdown, Sharpe ratio, LLM cost and the QQQ buy-and-hold benchmark.',
        querystring: leaderboardQuerySchema,
        response: leaderboardResponses,
      },
    },
    async (request, reply) => {
      const query = request.query;
      refuseRemovedDateParameter(query);
      return cached(request, reply, async () => {
        const board = await results.leaderboard(
          { startDate: query.start_date, endDate: query.end_date, model: query.model, jobId: query.job_id },
          now(),
        );
        return leaderboardAnswer(board);
      });
    },
  );
};

/** Old clients still send `date`; telling them what replaced it beats silently ignoring it. */
function refuseRemovedDateParameter(query: { date?: string | undefined }): void {
  if (query.date !== undefined) throw new HttpError(422, DATE_PARAMETER_REMOVED);
}
