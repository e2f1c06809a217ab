/** The contract of a trigger's `cost_estimate` (POST /simulate/trigger with `estimate_cost: true`). */
import { z } from 'zod';
import { count, nullableNumber } from './common.js';

const tokensAndDollars = {
  prompt_tokens: nullableNumber,
  completion_tokens: nullableNumber,
  cost_usd: nullableNumber.describe('USD; null without a recorded price'),
};

const modelEstimateSchema = z.object({
  model: z.string(),
  planned_model_days: count,
  recorded_model_days: count.describe('Committed model-days with recorded usage the averages are over'),
  priced_model_days: count.describe('Of those, the ones whose calls all had a known price'),
  per_model_day: z
    .object(tokensAndDollars)
    .describe('Average recorded usage of one model-day; null figures without any recorded'),
  estimate: z.object(tokensAndDollars).describe('per_model_day times planned_model_days'),
  reason: z.string().nullable().describe('Why a figure is null; null when every figure is there'),
});

export const costEstimateSchema = z
  .object({
    basis: z.string().describe('How the estimate was made'),
    planned_model_days: count,
    estimate: z
      .object(tokensAndDollars)
      .describe(
        "The job's total; a figure is null when some model has none (a partial sum would understate)",
      ),
    models: z.array(modelEstimateSchema),
  })
  .describe("Present when estimate_cost was true: the job's tokens and dollars estimated before it runs");
export type CostEstimateAnswer = z.infer<typeof costEstimateSchema>;
