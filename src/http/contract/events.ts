/**
 * The contract of `/simulate/status/{job_id}/events`: the data of each Server-Sent Event. `status`
 * and `end` carry the job's whole status (jobStatusResponseSchema); `progress` and `model_day` are
 * built from the same fields, so a client applies them to the status it holds without translation.
 * Fastify cannot check a hijacked stream, so these schemas document it and the tests hold it to them.
 */
import { z } from 'zod';
import { nullableNumber } from './common.js';
import { detailSchema, jobStatusResponseSchema, type JobStatusResponse } from './simulate.js';

const status = jobStatusResponseSchema.shape;

// Keys in the order the server writes them; `market` last, as it came after the others.
export const jobProgressEventSchema = z.object({
  job_id: status.job_id,
  status: status.status,
  progress: status.progress,
  warnings: status.warnings,
  error: status.error,
  started_at: status.started_at,
  completed_at: status.completed_at,
  market: status.market,
});
export type JobProgressEvent = z.infer<typeof jobProgressEventSchema>;

export const modelDayEventSchema = z.object({
  job_id: status.job_id,
  ...detailSchema.shape,
  profit: nullableNumber.describe("The day's profit once it is committed, else null"),
  return_pct: nullableNumber.describe("The day's return in percent once it is committed, else null"),
  portfolio_value: nullableNumber.describe('The closing portfolio value once it is committed, else null'),
  market: status.market,
});
export type ModelDayEvent = z.infer<typeof modelDayEventSchema>;

/** Each event's name with the schema of its data. */
export const jobEventSchemas = {
  status: jobStatusResponseSchema,
  progress: jobProgressEventSchema,
  model_day: modelDayEventSchema,
  end: jobStatusResponseSchema,
} as const;
export type JobEventName = keyof typeof jobEventSchemas;

/** One event as the route sends it: its name and its data. */
export type JobStreamEvent =
  | { event: 'status' | 'end'; data: JobStatusResponse }
  | { event: 'progress'; data: JobProgressEvent }
  | { event: 'model_day'; data: ModelDayEvent };

/**
 * OpenAPI: the data of any one event, the event's name saying which. Documentation only: the route
 * writes the stream itself, so nothing serializes or checks it against this.
 */
export const jobEventDataSchema = z
  .union([
    jobStatusResponseSchema.meta({
      title: 'JobStatusResponse',
      description: '`status` (first, the job as it stands) and `end` (last, the final status)',
    }),
    jobProgressEventSchema.meta({
      title: 'JobProgressEvent',
      description: '`progress`: whenever the status, progress, error or warnings change',
    }),
    modelDayEventSchema.meta({
      title: 'ModelDayEvent',
      description: "`model_day`: a model-day started or ended; money in the job's market's currency",
    }),
  ])
  .describe('The JSON `data:` of each event');
