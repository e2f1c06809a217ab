/**
 * The HTTP contract as zod schemas: Fastify validates requests and serialises responses with them,
 * and the OpenAPI document at /openapi.json is generated from the very same objects, so the docs
 * cannot drift from what the server accepts. Field names are those of the original Python server.
 */
import { z } from 'zod';
import { DETAIL_STATUSES, JOB_STATUSES } from '../jobs/job-types.js';

export { DETAIL_STATUSES, JOB_STATUSES };

/** Clients send `?status=` to mean "no filter": an empty value counts as absent. */
const blankAsAbsent = (value: unknown): unknown => (value === '' ? undefined : value);

const isoDate = z.string().describe('YYYY-MM-DD');
const count = z.number().int().nonnegative();
const timestamp = z.string().describe('ISO-8601 UTC, e.g. 2025-10-01T14:30:00.000Z');

// ---- errors ---------------------------------------------------------------------------------

export const validationIssueSchema = z.object({
  loc: z.array(z.union([z.string(), z.number()])).describe('Where the problem is, e.g. ["body", "end_date"]'),
  msg: z.string(),
  type: z.string().describe('Machine-readable kind, e.g. "missing"'),
});
export type ValidationIssue = z.infer<typeof validationIssueSchema>;

export const errorSchema = z.object({
  detail: z.union([z.string(), z.array(validationIssueSchema)]),
});
export type ErrorBody = z.infer<typeof errorSchema>;

const errorResponses = {
  400: errorSchema.describe('The request was understood but refused; `detail` says why'),
  422: errorSchema.describe('The request does not have the expected shape'),
};

// ---- deployment -----------------------------------------------------------------------------

export const deploymentSchema = z.object({
  deployment_mode: z.enum(['PROD', 'DEV']),
  is_dev_mode: z.boolean(),
  preserve_dev_data: z.boolean(),
});

// ---- simulate -------------------------------------------------------------------------------

export const triggerBodySchema = z.object({
  start_date: isoDate
    .nullable()
    .optional()
    .describe('First date, YYYY-MM-DD; null, absent or "" = resume each model from its last completed day'),
  end_date: isoDate.describe('Last date, YYYY-MM-DD (required)'),
  models: z
    .array(z.string())
    .nullable()
    .optional()
    .describe('Model signatures to run; absent, null or empty = every enabled model'),
  replace_existing: z
    .boolean()
    .optional()
    .describe('Re-run model-days that already completed (their old results are superseded)'),
});

export const triggerResponseSchema = z.object({
  job_id: z.string(),
  status: z.literal('pending'),
  total_model_days: count,
  message: z.string(),
  warnings: z.array(z.string()),
  ...deploymentSchema.shape,
});

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

const progressSchema = z.object({
  total_model_days: count,
  completed: count,
  failed: count,
  pending: count.describe('Model-days not finished yet, running ones included'),
  skipped: count,
});

const jobTimesShape = {
  date_range: z.array(isoDate),
  models: z.array(z.string()),
  created_at: timestamp,
  started_at: timestamp.nullable(),
  completed_at: timestamp.nullable(),
  total_duration_seconds: z.number().nullable(),
  error: z.string().nullable(),
};

const jobSummarySchema = z.object({
  job_id: z.string(),
  status: z.enum(JOB_STATUSES),
  ...jobTimesShape,
  warnings: z.array(z.string()),
});

// Keys in the order the original server wrote them.
export const jobStatusResponseSchema = z.object({
  job_id: z.string(),
  status: z.enum(JOB_STATUSES),
  progress: progressSchema,
  ...jobTimesShape,
  details: z.array(detailSchema),
  warnings: z.array(z.string()),
  ...deploymentSchema.shape,
});

export const jobListQuerySchema = z.object({
  limit: z.preprocess(blankAsAbsent, z.coerce.number().int().min(1).max(100).default(20)),
  offset: z.preprocess(blankAsAbsent, z.coerce.number().int().min(0).default(0)),
  status: z.preprocess(blankAsAbsent, z.enum(JOB_STATUSES).optional()),
});

export const jobListResponseSchema = z.object({
  jobs: z.array(jobSummarySchema),
  total: count,
  limit: count,
  offset: count,
});

// ---- results --------------------------------------------------------------------------------

export const resultsQuerySchema = z.object({
  start_date: z.preprocess(blankAsAbsent, isoDate.optional()),
  end_date: z.preprocess(blankAsAbsent, isoDate.optional()),
  model: z.preprocess(blankAsAbsent, z.string().optional()).describe('Model signature'),
  job_id: z.preprocess(blankAsAbsent, z.string().optional()),
  reasoning: z.preprocess(blankAsAbsent, z.string().optional()).describe('none (default) | summary | full'),
  date: z
    .string()
    .optional()
    .meta({ deprecated: true })
    .describe('Removed: answers 422. Use start_date and end_date.'),
});

const positionSchema = z.object({
  holdings: z.array(z.object({ symbol: z.string(), quantity: z.number() })),
  cash: z.number(),
  portfolio_value: z.number(),
});

const reasoningMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string().nullable(),
  tool_calls: z.array(z.object({ id: z.string(), name: z.string(), arguments: z.string() })).optional(),
  tool_call_id: z.string().optional(),
  tool_name: z.string().optional(),
  created_at: timestamp,
});

const usageShape = {
  prompt_tokens: count,
  completion_tokens: count,
  cost_usd: z.number().nullable().describe('USD; null when no call had a known price'),
};

/** One model-day (single-date mode). */
const dayResultSchema = z.object({
  date: isoDate,
  model: z.string(),
  job_id: z.string(),
  starting_position: positionSchema,
  daily_metrics: z.object({
    profit: z.number(),
    return_pct: z.number(),
    days_since_last_trading: count,
  }),
  trades: z.array(
    z.object({
      action_type: z.enum(['buy', 'sell']),
      symbol: z.string(),
      quantity: z.number(),
      price: z.number(),
      created_at: timestamp,
    }),
  ),
  final_position: positionSchema,
  metadata: z.object({
    total_actions: count,
    session_duration_seconds: z.number().nullable(),
    completed_at: timestamp.nullable(),
    ...usageShape,
  }),
  reasoning: z
    .union([z.string(), z.array(reasoningMessageSchema)])
    .nullable()
    .describe('null (reasoning=none), the summary (summary) or the conversation (full)'),
});

const nullableNumber = z.number().nullable();

/** One model over a range (range mode). */
const rangeResultSchema = z.object({
  model: z.string(),
  start_date: isoDate.describe('First date in range with data for this model'),
  end_date: isoDate.describe('Last date in range with data for this model'),
  daily_portfolio_values: z.array(z.object({ date: isoDate, portfolio_value: z.number() })),
  period_metrics: z.object({
    starting_portfolio_value: z.number(),
    ending_portfolio_value: z.number(),
    period_return_pct: z.number(),
    annualized_return_pct: z.number(),
    calendar_days: count,
    trading_days: count,
  }),
  risk_metrics: z.object({
    volatility_pct: nullableNumber,
    sharpe: nullableNumber,
    sortino: nullableNumber,
    max_drawdown_pct: nullableNumber,
    max_drawdown_start: isoDate.nullable(),
    max_drawdown_end: isoDate.nullable(),
    win_rate_pct: nullableNumber,
    best_day_pct: nullableNumber,
    worst_day_pct: nullableNumber,
  }),
  totals: z.object({ trades: count, ...usageShape }),
  reasoning: z
    .union([
      z.array(z.object({ date: isoDate, summary: z.string().nullable() })),
      z.array(z.object({ date: isoDate, messages: z.array(reasoningMessageSchema) })),
    ])
    .optional()
    .describe('Present for reasoning=summary or full'),
});

export const resultsResponseSchema = z.object({
  count,
  results: z.array(z.union([dayResultSchema, rangeResultSchema])),
});

export const leaderboardQuerySchema = z.object({
  start_date: z.preprocess(blankAsAbsent, isoDate.optional()),
  end_date: z.preprocess(blankAsAbsent, isoDate.optional()),
  job_id: z.preprocess(blankAsAbsent, z.string().optional()),
});

const leaderboardEntrySchema = z.object({
  model: z.string(),
  starting_value: z.number(),
  ending_value: z.number(),
  period_return_pct: z.number(),
  trades: count.nullable().describe('null for the benchmark'),
  cost_usd: nullableNumber,
  max_drawdown_pct: nullableNumber,
  sharpe: nullableNumber,
});

export const leaderboardResponseSchema = z.object({
  start_date: isoDate.nullable(),
  end_date: isoDate.nullable(),
  entries: z.array(leaderboardEntrySchema).describe('Best period return first'),
  benchmark: leaderboardEntrySchema.nullable().describe('QQQ bought at the start and held'),
});

// ---- health and index -----------------------------------------------------------------------

export const healthResponseSchema = z.object({
  status: z.enum(['healthy', 'unhealthy']),
  database: z.enum(['connected', 'disconnected']),
  timestamp,
  ...deploymentSchema.shape,
});

export const indexResponseSchema = z.object({
  name: z.string(),
  version: z.string(),
  docs: z.string(),
  openapi: z.string(),
  health: z.string(),
});

/** OpenAPI: the POST endpoints take a bearer token (enforced only when API_TOKEN is set). */
export const BEARER_SECURITY = [{ bearerAuth: [] }];

const notFound = errorSchema.describe('No such job');
const unauthorized = errorSchema.describe('API_TOKEN is set and the bearer token is missing or wrong');

export const responses = {
  trigger: {
    200: triggerResponseSchema.describe('The job was created; it runs in the background'),
    ...errorResponses,
    401: unauthorized,
  },
  status: { 200: jobStatusResponseSchema.describe('The job and its model-days'), 404: notFound },
  cancel: {
    200: jobStatusResponseSchema.describe('The job after the cancel request'),
    400: errorSchema.describe('The job has already ended'),
    401: unauthorized,
    404: notFound,
  },
  jobList: { 200: jobListResponseSchema.describe('A page of jobs'), 422: errorResponses[422] },
  results: {
    200: resultsResponseSchema.describe('Model-days (one date) or per-model summaries (a range)'),
    ...errorResponses,
    404: errorSchema.describe('No trading data found for the specified filters'),
  },
  leaderboard: {
    200: leaderboardResponseSchema.describe('Models ranked by period return, with the QQQ benchmark'),
    ...errorResponses,
  },
  health: {
    200: healthResponseSchema.describe('Healthy'),
    503: healthResponseSchema.describe('The database does not answer'),
  },
  index: { 200: indexResponseSchema.describe('Where to go next') },
} as const;
