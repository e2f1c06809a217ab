/** The contract of `/simulate/trigger` and `/simulate/status/{job_id}`, field for field the original's. */
import { z } from 'zod';
import { isIsoDate } from '../../core/dates.js';
import { DETAIL_STATUSES, JOB_STATUSES } from '../../jobs/lifecycle.js';
import { MARKET_IDS } from '../../core/markets/market.js';
import { MAX_REPEATS } from '../../core/runs.js';
import {
  addValueError,
  BEARER_SECURITY,
  blankAsAbsent,
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
import { costEstimateSchema } from './cost-estimate.js';

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
    market: z
      .enum(MARKET_IDS)
      .nullable()
      .optional()
      .describe("The market to trade: us, cn or crypto; absent or null = the config's market"),
    estimate_cost: z
      .boolean()
      .optional()
      .describe(
        "true: the answer adds cost_estimate, the job's tokens and dollars estimated from each model's " +
          'recorded usage per model-day in this market (or why there is none)',
      ),
    repeats: z
      .number()
      .int()
      .min(1)
      .max(MAX_REPEATS)
      .optional()
      .describe(
        `Independent portfolios per model over the same sessions, 1 to ${MAX_REPEATS} (default 1): each ` +
          'its own chain from the starting cash, with its own seed. Above 1 the answer always adds ' +
          'cost_estimate; refused for external models',
      ),
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
  repeats: count.optional().describe('Runs per model; present only when the trigger asked for more than 1'),
  cost_estimate: costEstimateSchema.optional(),
});
export type TriggerResponse = z.infer<typeof triggerResponseSchema>;

export const jobIdParamsSchema = z.object({
  job_id: z.string().min(1).describe('The id returned by POST /simulate/trigger'),
});

/**
 * The most model-days one status answer lists. A big job's details run to megabytes (about 190 bytes
 * each); up to this many, `details` is complete as the original answered it, beyond it is paged.
 */
export const DETAILS_PAGE_MAX = 2000;
export const DETAIL_FILTERS = ['all', 'failed', 'none'] as const;
export type DetailFilter = (typeof DETAIL_FILTERS)[number];

export const statusQuerySchema = z.object({
  details: z
    .preprocess(blankAsAbsent, z.enum(DETAIL_FILTERS).optional())
    .describe('Which model-days `details` lists: all (default), failed only, or none'),
  details_offset: z
    .preprocess(blankAsAbsent, z.coerce.number().int().min(0).optional())
    .describe('Skip this many of them (default 0)'),
  details_limit: z
    .preprocess(blankAsAbsent, z.coerce.number().int().min(1).max(DETAILS_PAGE_MAX).optional())
    .describe(`List at most this many (default and maximum ${DETAILS_PAGE_MAX})`),
});
export type StatusQuery = z.infer<typeof statusQuerySchema>;

/** One model-day of a job, as the status lists it and its `model_day` event begins. */
export const detailSchema = z.object({
  date: isoDate,
  model: z.string().describe('The model signature (of every run)'),
  run: count
    .optional()
    .describe('Which run of the model, for runs 2 and up of a job with repeats; absent: run 1'),
  status: z.enum(DETAIL_STATUSES),
  error: z.string().nullable(),
  started_at: timestamp.nullable(),
  completed_at: timestamp.nullable(),
  duration_seconds: z.number().nullable(),
});
export type DetailResponse = z.infer<typeof detailSchema>;

const detailsPageSchema = z
  .object({
    filter: z.enum(DETAIL_FILTERS),
    offset: count,
    limit: count,
    total: count.describe('Model-days the filter selects'),
    next_offset: count.nullable().describe('The details_offset of the next page; null on the last'),
  })
  .describe(
    `Present when \`details\` is a part of the list: the client sent details, details_offset or ` +
      `details_limit, or the job has more than ${DETAILS_PAGE_MAX} model-days`,
  );
export type DetailsPage = z.infer<typeof detailsPageSchema>;

export const progressSchema = z
  .object({
    total_model_days: count,
    completed: count,
    failed: count,
    pending: count.describe('Model-days not finished yet, running ones included'),
    skipped: count.describe('Model-days that will not run (no price data, cancelled); not in `pending`'),
  })
  .describe('total_model_days = completed + failed + pending + skipped');
export type ProgressResponse = z.infer<typeof progressSchema>;

/** Fields a job's status shares with its entry in the job list. */
export const jobTimesShape = {
  date_range: z.array(isoDate),
  models: z.array(z.string()).describe('Model signatures, once each whatever the repeats'),
  repeats: count.optional().describe('Runs per model; present only for a job with repeats (2 or more)'),
  market: z.enum(MARKET_IDS).describe('The market the job trades'),
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
  details: z.array(detailSchema).describe(`At most ${DETAILS_PAGE_MAX}; see details_page`),
  details_page: detailsPageSchema.optional(),
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
  422: errorResponses[422],
};
export const cancelResponses = {
  200: jobStatusResponseSchema.describe('The job after the cancel request'),
  400: errorSchema.describe('The job has already ended'),
  401: unauthorizedResponse,
  404: notFoundResponse,
  503: databaseUnavailableResponse,
};
