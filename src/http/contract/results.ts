/** The contract of `/results`, `/results/leaderboard`, `/results/trades` and `/results/benchmark`. */
import { z } from 'zod';
import { MARKET_IDS } from '../../core/markets/market.js';
import { REASONING_LEVELS } from '../../results/results-types.js';
import {
  blankAsAbsent,
  count,
  errorResponses,
  errorSchema,
  isoDate,
  nullableNumber,
  storableText,
  timestamp,
} from './common.js';
import { boardEvidenceSchema, entryEvidenceSchema, evidenceParameter } from './evidence.js';

/** Old clients still send `date`; telling them what replaced it beats silently ignoring it. */
const removedDateParameter = z
  .string()
  .optional()
  .meta({ deprecated: true })
  .describe('Removed: answers 422. Use start_date and end_date.');

/** Runs 2 and up of a job with repeats carry their run; run 1 and every job without repeats do not. */
const runNumber = z
  .number()
  .int()
  .min(2)
  .optional()
  .describe('Which run of the model (a job with repeats), from 2; absent: run 1, its own portfolio');

export const EXPORT_FORMATS = ['json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Wins over the Accept header; an unknown value is a 422 like any malformed parameter. */
const formatParameter = z
  .preprocess(blankAsAbsent, z.enum(EXPORT_FORMATS).optional())
  .describe(
    'json (default) or csv (RFC 4180, header row, sent as an attachment). Without it, `Accept: text/csv` ' +
      'asks for CSV; this parameter wins over Accept.',
  );

/** Compared with stored signatures: text no database can hold is refused before the query. */
const modelFilter = z.preprocess(blankAsAbsent, storableText.optional()).describe('Model signature');

const jobIdFilter = z
  .preprocess(blankAsAbsent, storableText.optional())
  .describe("That job's own model-days, including those a later run superseded (marked as such)");

/** An enum, so an unknown market is a 422 in the detail list like any other enum parameter. */
const marketFilter = z
  .preprocess(blankAsAbsent, z.enum(MARKET_IDS).optional())
  .describe(
    "us, cn or crypto: whose results (a model keeps one portfolio per market). Absent: the job's market " +
      "with job_id, else the server's (its config's market, us unless configured). A market contradicting " +
      "job_id's is a 400.",
  );

/** Which market and money every results answer is in; added after the original's fields. */
const marketAnswerShape = {
  market: z.enum(MARKET_IDS).describe('The market these results are of'),
  currency: z
    .object({
      code: z.string().describe('USD, CNY, USDT'),
      symbol: z.string().describe('Written before an amount ($, ¥), or empty when the code follows it'),
      decimals: count.describe('Decimals cash is shown with (2; 4 for USDT)'),
    })
    .describe('What every money field of the answer is in (LLM cost_usd excepted: always USD)'),
};

export const resultsQuerySchema = z.object({
  start_date: z.preprocess(blankAsAbsent, isoDate.optional()),
  end_date: z.preprocess(blankAsAbsent, isoDate.optional()),
  model: modelFilter,
  job_id: jobIdFilter,
  market: marketFilter,
  // An enum here, so a level the original did not know is a 422 in the detail list, as it was there.
  reasoning: z
    .preprocess(blankAsAbsent, z.enum(REASONING_LEVELS).default('none'))
    .describe('none (default): no reasoning; summary: the day summaries; full: the conversations'),
  format: formatParameter,
  date: removedDateParameter,
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
export const dayResultSchema = z.object({
  date: isoDate,
  model: z.string(),
  run: runNumber,
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
  tool_calls_refused: z
    .array(
      z.object({
        tool: z.string(),
        arguments: z.string().nullable().describe('As the model sent them (JSON text)'),
        outcome: z.enum(['refused', 'rejected', 'error']),
        reason: z.string().nullable(),
        message: z.string().nullable().describe('What the model was told'),
        created_at: timestamp,
      }),
    )
    .describe(
      'Tool calls that did not do what the model asked: refused (a look-ahead), rejected (an order the ledger refused) or error (bad arguments, an unknown tool)',
    ),
  superseded: z
    .boolean()
    .describe(
      'A later run of the model replaced this day; such days are listed only when job_id asks for their job',
    ),
  superseded_by_job: z
    .string()
    .nullable()
    .describe('The job whose run replaced this day; null while it stands'),
});

const calmarField = nullableNumber.describe(
  'Annualized return / max drawdown (both %); null without a drawdown',
);
const alphaField = nullableNumber.describe(
  "Jensen's alpha against the market's benchmark (QQQ, the SSE-50 index, CD5), % a year: " +
    '(mean(r - rf) - beta * mean(r_b - rf)) * P * 100, P = 252 (us, cn) or 365 (crypto); null below 2 paired days',
);
const betaField = nullableNumber.describe(
  'cov(r, r_b) / var(r_b) against the benchmark, over the days both have a return (sample forms); null below 2 paired days',
);

const supersededDatesSchema = z
  .array(isoDate)
  .describe('Dates a later run of the model replaced; only a job_id query includes them, else empty');

/** One model over a range (range mode). */
export const rangeResultSchema = z.object({
  model: z.string(),
  run: runNumber,
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
    calmar: calmarField,
    win_rate_pct: nullableNumber,
    best_day_pct: nullableNumber,
    worst_day_pct: nullableNumber,
  }),
  benchmark_relative: z
    .object({
      benchmark: z.string().describe("The benchmark's symbol (QQQ, 000016.SH) or a basket's label (CD5)"),
      alpha_pct: alphaField,
      beta: betaField,
      paired_days: count.describe('Daily returns of both that went into alpha and beta'),
    })
    .describe(
      "The model against its market's benchmark over the days both have a return; null figures without its prices",
    ),
  totals: z.object({
    trades: count,
    traded_notional: z
      .number()
      .describe("The notional of every fill, buys and sells, in the market's currency"),
    turnover: nullableNumber.describe(
      'traded_notional over the mean end-of-day portfolio value; 1 = its worth traded once',
    ),
    ...usageShape,
  }),
  reasoning: z
    .union([
      z.array(z.object({ date: isoDate, summary: z.string().nullable() })),
      z.array(z.object({ date: isoDate, messages: z.array(reasoningMessageSchema) })),
    ])
    .optional()
    .describe('Present for reasoning=summary or full'),
  superseded_dates: supersededDatesSchema,
});

export const resultsResponseSchema = z.object({
  count,
  results: z.array(z.union([dayResultSchema, rangeResultSchema])),
  ...marketAnswerShape,
});
export type DayResultResponse = z.infer<typeof dayResultSchema>;
export type RangeResultResponse = z.infer<typeof rangeResultSchema>;
export type ResultsResponse = z.infer<typeof resultsResponseSchema>;
export type ReasoningMessageResponse = z.infer<typeof reasoningMessageSchema>;

export const leaderboardQuerySchema = z.object({
  start_date: z.preprocess(blankAsAbsent, isoDate.optional()),
  end_date: z.preprocess(blankAsAbsent, isoDate.optional()),
  model: z
    .preprocess(blankAsAbsent, storableText.optional())
    .describe('Model signature: that model alone, with the benchmark over its dates'),
  job_id: jobIdFilter,
  market: marketFilter,
  format: formatParameter,
  date: removedDateParameter,
  evidence: evidenceParameter,
});

const leaderboardEntrySchema = z.object({
  model: z.string(),
  run: runNumber,
  starting_value: z.number(),
  ending_value: z.number(),
  period_return_pct: z.number(),
  trades: count.nullable().describe('null for the benchmark'),
  turnover: nullableNumber.describe('As in /results totals; null for the benchmark'),
  prompt_tokens: count.nullable().describe('null for the benchmark'),
  completion_tokens: count.nullable().describe('null for the benchmark'),
  cost_usd: nullableNumber,
  max_drawdown_pct: nullableNumber,
  max_drawdown_start: isoDate.nullable().describe('The peak the deepest drawdown fell from'),
  max_drawdown_end: isoDate.nullable().describe('Its trough'),
  sharpe: nullableNumber,
  calmar: calmarField,
  alpha_pct: alphaField.describe('As in /results benchmark_relative; 0 for the benchmark'),
  beta: betaField.describe('As in /results benchmark_relative; 1 for the benchmark'),
  superseded_dates: supersededDatesSchema,
  evidence: entryEvidenceSchema.optional(),
});

export const leaderboardResponseSchema = z.object({
  start_date: isoDate.nullable(),
  end_date: isoDate.nullable(),
  entries: z.array(leaderboardEntrySchema).describe('Best period return first'),
  benchmark: leaderboardEntrySchema
    .nullable()
    .describe(
      "The market's benchmark bought at the start and held: `QQQ (benchmark)` from the close before the " +
        'period, `SSE-50 index (benchmark)` likewise, `CD5 (benchmark)` from the first open in its weights',
    ),
  ...marketAnswerShape,
  evidence: boardEvidenceSchema.optional(),
});
export type LeaderboardEntryResponse = z.infer<typeof leaderboardEntrySchema>;
export type LeaderboardResponse = z.infer<typeof leaderboardResponseSchema>;

export const tradesQuerySchema = z.object({
  start_date: z.preprocess(blankAsAbsent, isoDate.optional()),
  end_date: z.preprocess(blankAsAbsent, isoDate.optional()),
  model: modelFilter,
  job_id: jobIdFilter,
  market: marketFilter,
  format: formatParameter,
});

const tradeSchema = z.object({
  date: isoDate,
  model: z.string(),
  run: runNumber,
  job_id: z.string(),
  action: z.enum(['buy', 'sell']),
  symbol: z.string(),
  quantity: z.number().nonnegative().describe('Shares, or units to 4 decimals in crypto'),
  price: z.number().describe("Fill price in the market's currency (slippage included)"),
  commission: z.number().describe("In the market's currency"),
  notional: z.number().describe("quantity * price, in the market's currency"),
  created_at: timestamp,
  superseded: z.boolean().describe('The model-day was replaced by a later run (listed only for its job_id)'),
});

export const tradesResponseSchema = z.object({
  count,
  trades: z.array(tradeSchema).describe('By date, then model, then execution order'),
  ...marketAnswerShape,
});
export type TradeResponse = z.infer<typeof tradeSchema>;
export type TradesResponse = z.infer<typeof tradesResponseSchema>;

/**
 * A 200 in JSON or in CSV: OpenAPI lists both media types. The CSV schema is only a string; its
 * columns are described in text.
 */
function jsonOrCsv(json: z.ZodType, description: string, csvColumns: string) {
  return {
    description,
    content: {
      'application/json': { schema: json },
      'text/csv': { schema: z.string().describe(`CSV with a header row: ${csvColumns}`) },
    },
  };
}

export const resultsResponses = {
  200: jsonOrCsv(
    resultsResponseSchema,
    'Model-days (one date) or per-model summaries (a range)',
    'one row per model-day for one date; one row per model and date (its daily values) for a range',
  ),
  ...errorResponses,
  404: errorSchema.describe('No trading data found for the specified filters'),
};
export const benchmarkQuerySchema = z.object({
  start_date: z.preprocess(blankAsAbsent, isoDate.optional()),
  end_date: z.preprocess(blankAsAbsent, isoDate.optional()),
  market: marketFilter.describe("us, cn or crypto: whose benchmark. Absent: the server's market"),
});

export const benchmarkResponseSchema = z.object({
  symbol: z.string().describe("The benchmark's symbol (QQQ, 000016.SH), or a basket's label (CD5)"),
  start_date: isoDate,
  end_date: isoDate,
  source: z
    .string()
    .nullable()
    .describe('alphavantage, import or synthetic when every bar shares it, else mixed; null without bars'),
  values: z
    .array(z.object({ date: isoDate, close: z.number() }))
    .describe("An instrument's closes; a basket's value per unit of cash put in at the window's first open"),
  label: z.string().describe('Its short name, for legends: QQQ, SSE-50 index, CD5'),
  ...marketAnswerShape,
});
export type BenchmarkResponse = z.infer<typeof benchmarkResponseSchema>;

export const benchmarkResponses = {
  200: benchmarkResponseSchema.describe("The market's benchmark over the window, for charts"),
  ...errorResponses,
};

export const leaderboardResponses = {
  200: jsonOrCsv(
    leaderboardResponseSchema,
    "Models ranked by period return, with the market's benchmark",
    'one row per entry (rank 1, 2, ...) then the benchmark (no rank)',
  ),
  ...errorResponses,
};
export const tradesResponses = {
  200: jsonOrCsv(tradesResponseSchema, 'Every trade of the window', 'one row per trade, as in JSON'),
  ...errorResponses,
};
