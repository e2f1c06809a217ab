/**
 * What a job may cost before it runs: for each model, its planned model-days times what one of its
 * committed model-days in the same market used on average (tokens, and dollars where the calls had a
 * price). A model with nothing recorded gets no figure and a reason, never a guess.
 */
import type { MarketId } from '../core/markets/market.js';
import type { ResultsStore, StoredDay } from './results-store.js';
import type { Usage } from './results-types.js';

/** The averages are over a model's latest committed model-days, so they follow its current prompts. */
export const COST_BASIS_DAYS = 100;

export const COST_BASIS =
  `the average recorded usage of each model's latest ${COST_BASIS_DAYS} committed model-days in this market, ` +
  'times its planned model-days';

export interface PlannedModelDays {
  model: string;
  modelDays: number;
}

export interface ModelCostEstimate {
  model: string;
  plannedModelDays: number;
  /** Committed model-days with recorded usage, the averages' basis. */
  recordedModelDays: number;
  /** Of those, the ones whose every call had a known price: the dollar average's basis. */
  pricedModelDays: number;
  perModelDay: { promptTokens: number; completionTokens: number; costUsd: number | null } | null;
  estimate: { promptTokens: number; completionTokens: number; costUsd: number | null } | null;
  /** Why a figure is null; null when both are there. */
  reason: string | null;
}

export interface CostEstimate {
  market: MarketId;
  basis: string;
  plannedModelDays: number;
  models: ModelCostEstimate[];
  /** Sums over the models; a figure is null when any model lacks it (a partial sum would understate). */
  total: { promptTokens: number | null; completionTokens: number | null; costUsd: number | null };
}

/** Far enough ahead that every committed day is on or before it. */
const ALL_DAYS = '9999-12-31';

export async function estimateCost(
  store: ResultsStore,
  market: MarketId,
  planned: readonly PlannedModelDays[],
): Promise<CostEstimate> {
  const models: ModelCostEstimate[] = [];
  for (const plan of planned) {
    // Superseded days count: their calls were made and paid for all the same.
    const days = await store.modelDays({
      market,
      endDate: ALL_DAYS,
      model: plan.model,
      includeSuperseded: true,
    });
    const latest = days.slice(-COST_BASIS_DAYS);
    const usage = await store.usageTotals(latest.map((d: StoredDay) => d.id));
    models.push(modelEstimate(plan, latest.length, [...usage.values()]));
  }
  return {
    market,
    basis: COST_BASIS,
    plannedModelDays: planned.reduce((n, p) => n + p.modelDays, 0),
    models,
    total: {
      promptTokens: sumOrNull(models.map((m) => m.estimate?.promptTokens ?? null)),
      completionTokens: sumOrNull(models.map((m) => m.estimate?.completionTokens ?? null)),
      costUsd: sumOrNull(models.map((m) => m.estimate?.costUsd ?? null)),
    },
  };
}

function modelEstimate(
  plan: PlannedModelDays,
  committed: number,
  recorded: readonly Usage[],
): ModelCostEstimate {
  const base = { model: plan.model, plannedModelDays: plan.modelDays };
  if (recorded.length === 0) {
    return {
      ...base,
      recordedModelDays: 0,
      pricedModelDays: 0,
      perModelDay: null,
      estimate: null,
      reason:
        committed === 0
          ? 'no committed model-days of this model in this market to estimate from'
          : 'its committed model-days in this market have no recorded usage',
    };
  }
  const priced = recorded.filter((u) => u.costUsd !== null);
  const perModelDay = {
    promptTokens: average(recorded.map((u) => u.promptTokens)),
    completionTokens: average(recorded.map((u) => u.completionTokens)),
    costUsd: priced.length === 0 ? null : average(priced.map((u) => u.costUsd as number)),
  };
  return {
    ...base,
    recordedModelDays: recorded.length,
    pricedModelDays: priced.length,
    perModelDay,
    estimate: {
      promptTokens: Math.round(perModelDay.promptTokens * plan.modelDays),
      completionTokens: Math.round(perModelDay.completionTokens * plan.modelDays),
      costUsd: perModelDay.costUsd === null ? null : perModelDay.costUsd * plan.modelDays,
    },
    reason: perModelDay.costUsd === null ? 'no recorded price for its calls: tokens only' : null,
  };
}

const average = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

function sumOrNull(xs: readonly (number | null)[]): number | null {
  let sum = 0;
  for (const x of xs) {
    if (x === null) return null;
    sum += x;
  }
  return sum;
}
