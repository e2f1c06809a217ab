/** `ai-trader simulate --estimate-cost`: what the server estimated the job may cost, a line per model. */
import type { CostEstimateAnswer } from '../http/contract/cost-estimate.js';

const tokens = (n: number | null): string => (n === null ? '?' : n.toLocaleString('en-US'));
const dollars = (x: number | null): string => (x === null ? 'no price' : `$${x.toFixed(4)}`);

export function formatCostEstimate(estimate: CostEstimateAnswer): string {
  const lines = [`Cost estimate (${estimate.basis}):`];
  for (const m of estimate.models) {
    const figures =
      m.estimate.prompt_tokens === null
        ? 'no estimate'
        : `${tokens(m.estimate.prompt_tokens)} prompt + ${tokens(m.estimate.completion_tokens)} completion tokens, ` +
          dollars(m.estimate.cost_usd);
    const why = m.reason === null ? '' : ` (${m.reason})`;
    lines.push(`  ${m.model}: ${m.planned_model_days} model-days, ${figures}${why}`);
  }
  const total = estimate.estimate;
  lines.push(
    total.prompt_tokens === null
      ? `  total: ${estimate.planned_model_days} model-days, not estimated (some model has no recorded usage)`
      : `  total: ${estimate.planned_model_days} model-days, ${tokens(total.prompt_tokens)} prompt + ` +
          `${tokens(total.completion_tokens)} completion tokens, ${dollars(total.cost_usd)}`,
  );
  return lines.join('\n');
}
