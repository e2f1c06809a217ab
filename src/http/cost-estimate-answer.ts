/** A job's cost estimate on the wire; dollars to micro-dollars, tokens per model-day to one decimal. */
import { roundTo } from '../core/metrics.js';
import { parsePortfolioKey } from '../core/runs.js';
import type { CostEstimate, PlannedModelDays } from '../results/cost-estimate.js';
import type { CostEstimateAnswer } from './contract/cost-estimate.js';

const USD_DECIMALS = 6;
const TOKEN_AVERAGE_DECIMALS = 1;

const round = (x: number | null | undefined, digits: number): number | null =>
  x === null || x === undefined ? null : roundTo(x, digits);

export function costEstimateAnswer(estimate: CostEstimate): CostEstimateAnswer {
  return {
    basis: estimate.basis,
    planned_model_days: estimate.plannedModelDays,
    estimate: {
      prompt_tokens: estimate.total.promptTokens,
      completion_tokens: estimate.total.completionTokens,
      cost_usd: round(estimate.total.costUsd, USD_DECIMALS),
    },
    models: estimate.models.map((m) => ({
      model: m.model,
      planned_model_days: m.plannedModelDays,
      recorded_model_days: m.recordedModelDays,
      priced_model_days: m.pricedModelDays,
      per_model_day: {
        prompt_tokens: round(m.perModelDay?.promptTokens, TOKEN_AVERAGE_DECIMALS),
        completion_tokens: round(m.perModelDay?.completionTokens, TOKEN_AVERAGE_DECIMALS),
        cost_usd: round(m.perModelDay?.costUsd, USD_DECIMALS),
      },
      estimate: {
        prompt_tokens: m.estimate?.promptTokens ?? null,
        completion_tokens: m.estimate?.completionTokens ?? null,
        cost_usd: round(m.estimate?.costUsd, USD_DECIMALS),
      },
      reason: m.reason,
    })),
  };
}

/**
 * The model-days a job will run, per model in the order it lists them: all but those it skips. The
 * runs of a job with repeats count towards their model, whose recorded usage prices them all.
 */
export function plannedModelDays(
  models: readonly string[],
  details: readonly { model: string; status: string }[],
): PlannedModelDays[] {
  const base = (key: string): string => parsePortfolioKey(key).model;
  const counts = new Map<string, number>(models.map((m) => [base(m), 0]));
  for (const d of details) {
    if (d.status !== 'skipped') counts.set(base(d.model), (counts.get(base(d.model)) ?? 0) + 1);
  }
  return [...counts].map(([model, modelDays]) => ({ model, modelDays }));
}
