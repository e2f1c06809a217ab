import { fromTicks, toTicks } from './money.js';

/**
 * Optional trading frictions, both in basis points (1 bp = 0.01%). Commission is charged in cash on
 * the notional at the fill price; slippage moves the fill price against the trader.
 */
export interface CostModel {
  commissionBps: number;
  slippageBps: number;
}

export const ZERO_COSTS: Readonly<CostModel> = Object.freeze({ commissionBps: 0, slippageBps: 0 });

const BPS_PER_UNIT = 10_000n;
// Basis points are scaled to whole micro-bps so fractional settings like 2.5 bps stay exact in
// integer arithmetic; nobody configures costs finer than that.
const MICRO = 1_000_000n;

/** Throws on a configuration no market could have: negative, non-finite, or above 100%. */
export function assertValidCostModel(costs: CostModel): void {
  for (const [name, bps] of [
    ['commissionBps', costs.commissionBps],
    ['slippageBps', costs.slippageBps],
  ] as const) {
    if (typeof bps !== 'number' || !Number.isFinite(bps) || bps < 0 || bps > 10_000) {
      throw new RangeError(`${name} must be a number of basis points in [0, 10000], got ${String(bps)}`);
    }
  }
}

/** `ticks × bps / 10000`, rounded to a whole tick in the stated direction, computed exactly. */
function bpsOf(ticks: bigint, bps: number, rounding: 'up' | 'down'): bigint {
  const numerator = ticks * BigInt(Math.round(bps * Number(MICRO)));
  const denominator = BPS_PER_UNIT * MICRO;
  const quotient = numerator / denominator;
  return rounding === 'up' && quotient * denominator < numerator ? quotient + 1n : quotient;
}

/**
 * Per-share fill price in ticks: a buy pays `open × (1 + s)` rounded up, a sell receives
 * `open × (1 − s)` rounded down, so rounding never favours the trader.
 */
export function fillPriceTicks(side: 'buy' | 'sell', openTicks: number, costs: CostModel): number {
  const open = BigInt(openTicks);
  const price =
    side === 'buy'
      ? open + bpsOf(open, costs.slippageBps, 'up')
      : open - bpsOf(open, costs.slippageBps, 'up');
  return Number(price);
}

/** Commission in ticks on a notional in ticks, rounded up. */
export function commissionTicks(notionalTicks: number | bigint, costs: CostModel): number {
  return Number(bpsOf(BigInt(notionalTicks), costs.commissionBps, 'up'));
}

/** Dollar form of {@link fillPriceTicks}. */
export function fillPrice(side: 'buy' | 'sell', open: number, costs: CostModel): number {
  return fromTicks(fillPriceTicks(side, toTicks(open), costs));
}

/** Dollar form of {@link commissionTicks}. */
export function commission(notional: number, costs: CostModel): number {
  return fromTicks(commissionTicks(toTicks(notional), costs));
}

/**
 * The notional of `units` at `priceTicks` in whole ticks. With whole shares (`scale` 1) it is exact;
 * a fractional quantity (crypto, 4 decimals) rounds to the nearest tick, as the benchmark keeps cash
 * to 4 decimals, a tie going against the trader (a buy pays it, a sale forgoes it).
 */
export function notionalTicks(
  units: bigint,
  priceTicks: number,
  scale: bigint,
  side: 'buy' | 'sell',
): bigint {
  const exact = units * BigInt(priceTicks);
  if (scale === 1n) return exact;
  const half = scale / 2n;
  return side === 'buy' ? (exact + half) / scale : (exact + half - 1n) / scale;
}

/**
 * Cash a buy needs in ticks: notional plus commission. A bigint because a model may ask for any
 * quantity, and the refusal message must still state the exact amount. `quantity` is in units of
 * 1/`scale` (whole shares unless a market trades fractions).
 */
export function buyCostTicks(
  quantity: number | bigint,
  priceTicks: number,
  costs: CostModel,
  scale = 1n,
): bigint {
  const notional = notionalTicks(BigInt(quantity), priceTicks, scale, 'buy');
  return notional + bpsOf(notional, costs.commissionBps, 'up');
}

/**
 * The most `cashTicks` can pay for at `priceTicks` including commission, in units of 1/`scale`, a
 * whole number of `lot` units (1 share, 100 shares, 0.0001 of a coin).
 */
export function maxAffordableShares(
  cashTicks: number,
  priceTicks: number,
  costs: CostModel,
  scale = 1n,
  lot = 1n,
): number {
  if (priceTicks <= 0 || cashTicks <= 0) return 0;
  const cash = BigInt(cashTicks);
  // Cost grows with quantity, so binary-search the number of lots below the commission-free bound.
  let low = 0n;
  let high = (cash * scale + scale) / BigInt(priceTicks) / lot + 1n;
  while (low < high) {
    const mid = (low + high + 1n) / 2n;
    if (buyCostTicks(mid * lot, priceTicks, costs, scale) <= cash) low = mid;
    else high = mid - 1n;
  }
  return Number(low * lot);
}
