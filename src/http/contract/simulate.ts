/** The contract of `/simulate/trigger` and `/simulate/status/{job_id}`, field for field the original's. */
import { z } from 'zod';
import { isIsoDate } from '../../core/dates.js';
import { DETAIL_STATUSES, JOB_STATUSES } from '../../jobs/job-types.js';
import {
  addValueError,
  BEARER_SECURITY,
  count,
  databaseUnavailableResponse,
  deploymentSchema,
  errorResponses,
  errorSchema,
  isoDate,
  notFoundResponse,
  timestamp,
  unauthorizedResponse,
  warningsSchema,
} from './common.js';

export { BEARER_SECURITY };

export const END_DATE_REQUIRED = 'end_date is required and cannot be null or empty';
export const invalidDateFormat = (value: string): string =>
  `Invalid date format: ${value}. Expected YYYY-MM-DD`;

/**
 * Dates are checked here, as the original's request model did, so a malformed one is a 422 in the
 * detail list; whether the dates make sense together (order, future, range size) is the service's 400.
 */
export const triggerBodySchema = z
  .object({
    start_date: isoDate
      .nullable()
      .optional()
      .describe('First date, YYYY-MM-DD; null, absent or "" = resume each model from its last completed day'),
    end_date: isoDate.nullable().optional().describe('Last date, YYYY-MM-DD (required)'),
    models: z
      .array(z.string())
      .nullable()
      .optional()
      .describe('Model signatures to run; absent, null or empty = every enabled model'),
    replace_existing: z
      .boolean()
      .optional()
      .describe('Re-run model-days that already completed (their old results are superseded)'),
  })
  .superRefine((body, ctx) => {
    const end = body.end_date?.trim() ?? '';
    if (end === '') addValueError(ctx, END_DATE_REQUIRED, ['end_date']);
    else if (!isIsoDate(end)) addValueError(ctx, invalidDateFormat(end), ['end_date']);
    const start = body.start_date?.trim() ?? '';
    if (start !== '' && !isIsoDate(start)) addValueError(ctx, invalidDateFormat(start), ['start_date']);
  });
export type TriggerBody = z.infer<typeof triggerBodySchema>;

export const triggerResponseSchema = z.object({
  job_id: z.string(),
  status: z.literal('pending'),
  total_model_days: count,
  message: z.string(),
  warnings: warningsSchema,
  ...deploymentSchema.shape,
});
export type TriggerResponse = z.infer<typeof triggerResponseSchema>;

export const jobIdParamsSchema = z.object({
  job_id: z.string().min(1).describe('The id returned by POST /simulate/trigger'),
});

const detailSchema = z.object({
  date: isoDate,
  model: z.string(),
  status: z.enum(DETAIL_STATUSES),
  error: z.string().nullable(),
  started_at: timestamp.nullable(),
  completed_at: timestamp.nullable(),
  duration_seconds: z.number().nullable(),
});

const progressSchema = z
  .object({
    total_model_days: count,
    completed: count,
    failed: count,
    pending: count.describe('Model-days not finished yet, running ones included'),
    skipped: count.describe('Model-days that will not run (no price data, cancelled); not in `pending`'),
  })
  .describe('total_model_days = completed + failed + pending + skipped');

/** Fields a job's status shares with its entry in the job list. */
export const jobTimesShape = {
  date_range: z.array(isoDate),
  models: z.array(z.string()),
  created_at: timestamp,
  started_at: timestamp.nullable(),
  completed_at: timestamp.nullable(),
  total_duration_seconds: z.number().nullable(),
  error: z.string().nullable(),
};

// Keys in the order the original server wrote them.
export const jobStatusResponseSchema = z.object({
  job_id: z.string(),
  status: z.enum(JOB_STATUSES),
  progress: progressSchema,
  ...jobTimesShape,
  details: z.array(detailSchema),
  warnings: warningsSchema,
  ...deploymentSchema.shape,
});
export type JobStatusResponse = z.infer<typeof jobStatusResponseSchema>;

export const triggerResponses = {
  200: triggerResponseSchema.describe('The job was created; it runs in the background'),
  ...errorResponses,
  401: unauthorizedResponse,
  503: databaseUnavailableResponse,
};
export const statusResponses = {
  200: jobStatusResponseSchema.describe('The job and its model-days'),
  404: notFoundResponse,
};
export const cancelResponses = {
  200: jobStatusResponseSchema.describe('The job after the cancel request'),
  400: errorSchema.describe('The job has already ended'),
  401: unauthorizedResponse,
  404: notFoundResponse,
  503: databaseUnavailableResponse,
};
