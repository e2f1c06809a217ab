/**
 * Turnover: how much a portfolio traded relative to its size over a period.
 *
 *   turnover = Σ |notional| of every fill (buys and sells) / mean end-of-day portfolio value
 *
 * A ratio, not annualised: 1 means the portfolio's average worth changed hands once (buying $10,000
 * of stock with $10,000 is 1; selling it all and buying it back is 2 more). Counting both sides,
 * rather than the smaller of buys and sells as fund reports do, keeps a model that only bought, as
 * many do in a short simulation, from showing no activity at all.
 */
import type { ValuePoint } from './metrics.js';

export function turnover(tradedNotional: number, values: readonly ValuePoint[]): number | null {
  if (values.length === 0) return null;
  const average = values.reduce((sum, v) => sum + v.value, 0) / values.length;
  return average > 0 ? Math.abs(tradedNotional) / average : null;
}
