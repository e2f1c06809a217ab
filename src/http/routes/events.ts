/** `/simulate/status/{job_id}/events`: a job's progress as Server-Sent Events, read from the database. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deployment } from '../../app/container.js';
import type { MarketId } from '../../core/markets/market.js';
import type { JobEvent, JobEventFeed } from '../../jobs/job-events.js';
import type { JobService } from '../../jobs/job-service.js';
import { jobEventDataSchema, type JobStreamEvent } from '../contract/events.js';
import { jobIdParamsSchema } from '../contract/simulate.js';
import { errorSchema } from '../contract/common.js';
import { openEventStream, type EventStream } from '../event-stream.js';
import { jobStatusAnswer, modelDayEventAnswer, progressEventAnswer } from '../job-answers.js';
import { possibleJobId } from '../job-ids.js';

export interface EventsRoutesOptions {
  jobs: Pick<JobService, 'status'>;
  feed: Pick<JobEventFeed, 'follow'>;
  deployment: Deployment;
}

export const eventsRoutes: FastifyPluginAsyncZod<EventsRoutesOptions> = async (
  app,
  { jobs, feed, deployment },
) => {
  const open = new Set<EventStream>();
  // Streams would hold the server open forever: a shutdown ends them first.
  app.addHook('preClose', async () => {
    for (const stream of open) stream.end();
  });

  app.get(
    '/simulate/status/:job_id/events',
    {
      schema: {
        tags: ['simulation'],
        summary: 'Follow a job as Server-Sent Events',
        description:
          'text/event-stream. First `status` (JobStatusResponse: the same JSON as GET ' +
          '/simulate/status/{job_id}); then `progress` (JobProgressEvent: {job_id, status, progress, warnings, ' +
          'error, started_at, completed_at, market}) whenever it changes, `model_day` (ModelDayEvent: {job_id, ' +
          'date, model, status, error, started_at, completed_at, duration_seconds, profit, return_pct, ' +
          'portfolio_value, market}) as each model-day starts and ends (the figures once it is committed, else ' +
          "null; money in the job's market's currency), and `end` (JobStatusResponse: the final status) before " +
          "the stream closes. Every event names the job's market. The 200 schema is that of each event's data. " +
          'Read from the database, so any server process can follow any job.',
        params: jobIdParamsSchema,
        response: {
          200: {
            description: 'The stream of events',
            content: { 'text/event-stream': { schema: jobEventDataSchema } },
          },
          404: errorSchema.describe('No such job'),
        },
      },
    },
    async (request, reply) => {
      const jobId = possibleJobId(request.params.job_id);
      // Before the stream opens, so an unknown job is an ordinary 404.
      const first = await jobs.status(jobId);
      const stream = openEventStream(reply);
      open.add(stream);
      try {
        // A job trades one market for its whole life: the first status says which.
        const market = first.job.market;
        for await (const event of feed.follow(jobId, stream.signal, first)) {
          const wire = wireEvent(event, deployment, market);
          stream.send(wire.event, wire.data);
        }
      } catch (error) {
        request.log.warn({ err: error }, 'event stream stopped');
      } finally {
        open.delete(stream);
        stream.end();
      }
    },
  );
};

/**
 * Each event's name and data, as the contract types them; `market` comes after the fields the
 * payloads had before markets, as on the status.
 */
function wireEvent(event: JobEvent, deployment: Deployment, market: MarketId): JobStreamEvent {
  switch (event.type) {
    case 'status':
    case 'end':
      return { event: event.type, data: jobStatusAnswer(event.report, deployment) };
    case 'progress':
      return { event: 'progress', data: progressEventAnswer(event.job, event.progress) };
    case 'model_day':
      return {
        event: 'model_day',
        data: modelDayEventAnswer(event.jobId, event.detail, event.outcome, market),
      };
  }
}
