/**
 * The contract of the leaderboard's evidence (`GET /results/leaderboard?evidence=true`): per entry
 * its spread over runs with a 95 % interval and its test against the benchmark; for the board, every
 * pair of models tested, the settings that make it reproducible and what it cost. README "Evidence"
 * gives every method and formula.
 */
import { z } from 'zod';
import { blankAsAbsent, count, nullableNumber } from './common.js';

export const evidenceParameter = z
  .preprocess(blankAsAbsent, z.enum(['true', 'false']).optional())
  .describe(
    'true: add the evidence (per entry `evidence`, and the board`s `evidence`: intervals, tests, verdicts, ' +
      'cost). Absent or false: the leaderboard alone, as before',
  );

const figureSchema = z
  .object({
    runs: count.describe('Runs that have this figure (a run that never varied has no Sharpe)'),
    mean: nullableNumber,
    median: nullableNumber,
    sd: nullableNumber.describe('Sample standard deviation over the runs; null below two runs'),
    min: nullableNumber,
    max: nullableNumber,
    ci_low: nullableNumber.describe('95 % interval, by interval_method; null with nothing to resample'),
    ci_high: nullableNumber,
  })
  .describe('One figure over the runs');
export type FigureAnswer = z.infer<typeof figureSchema>;

const VERDICTS = ['distinguishable', 'not distinguishable', 'too few sessions'] as const;

const pairedTestShape = {
  method: z.literal('paired sign-flip permutation test'),
  exact: z.boolean().describe('Every sign pattern counted (true), or `resamples` seeded ones'),
  resamples: count.nullable(),
  sessions: count.describe('Sessions both have a return for, the pairs tested'),
  mean_difference_pct: nullableNumber.describe('Mean of (first - second) session returns, in %'),
  t: nullableNumber.describe(
    'Paired t statistic; null below 2 sessions or when the differences did not vary',
  ),
  p_value: nullableNumber.describe('Two-sided permutation p-value, the one the verdict rests on'),
  t_p_value: nullableNumber.describe("Student's t two-sided p-value (n - 1 df), for reference"),
  verdict: z
    .enum(VERDICTS)
    .describe('p_value <= significance: distinguishable; fewer than min_sessions sessions: too few sessions'),
};
const pairedTestSchema = z.object(pairedTestShape);
export type PairedTestAnswer = z.infer<typeof pairedTestSchema>;

export const entryEvidenceSchema = z
  .object({
    runs: count.describe('Independent runs of the model over these sessions (1 until repeats)'),
    sessions: count,
    model_days: count.nullable().describe('The model-days behind it; null for the benchmark'),
    interval_method: z
      .enum(['bootstrap over runs', 'bootstrap over sessions'])
      .describe('Over runs with 2 or more; over the sessions of the one run otherwise'),
    period_return_pct: figureSchema,
    max_drawdown_pct: figureSchema,
    sharpe: figureSchema,
    vs_benchmark: pairedTestSchema
      .nullable()
      .describe(
        "Against the market's benchmark, sessions paired; null for the benchmark or without its prices",
      ),
  })
  .describe('Present with evidence=true');
export type EntryEvidenceAnswer = z.infer<typeof entryEvidenceSchema>;

const comparisonSchema = z
  .object({ model_a: z.string(), model_b: z.string(), ...pairedTestShape })
  .describe('model_a against model_b, sessions paired (mean_difference_pct is a minus b)');
export type ComparisonAnswer = z.infer<typeof comparisonSchema>;

export const boardEvidenceSchema = z
  .object({
    confidence: z.number().describe('Of every interval: 0.95'),
    significance: z.number().describe('A p-value at or below it is distinguishable: 0.05'),
    seed: z.number().int().describe('Every resampling starts from this seed'),
    bootstrap_resamples: count,
    permutation_resamples: count.describe(
      'Sign patterns drawn when there are too many sessions to count all',
    ),
    exact_max_sessions: count.describe('Up to this many sessions every sign pattern is counted'),
    min_sessions: count.describe('Fewer paired sessions cannot reach significance: too few sessions'),
    comparisons: z.array(comparisonSchema).describe('Every pair of models once (a model with repeats: its runs pooled), the better ranked first'),
    cost: z
      .object({
        model_days: count,
        prompt_tokens: count,
        completion_tokens: count,
        cost_usd: nullableNumber.describe('USD; null when some call had no known price'),
      })
      .describe('What the runs behind this evidence used and cost'),
  })
  .describe('Present with evidence=true');
export type BoardEvidenceAnswer = z.infer<typeof boardEvidenceSchema>;
