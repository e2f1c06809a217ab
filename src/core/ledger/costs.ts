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
 * Cash a buy needs in ticks: notional plus commission. A bigint because a model may ask for any
 * safe-integer quantity, and the refusal message must still state the exact amount.
 */
export function buyCostTicks(quantity: number, priceTicks: number, costs: CostModel): bigint {
  const notional = BigInt(quantity) * BigInt(priceTicks);
  return notional + bpsOf(notional, costs.commissionBps, 'up');
}

/** The most whole shares `cashTicks` can pay for at `priceTicks` including commission. */
export function maxAffordableShares(cashTicks: number, priceTicks: number, costs: CostModel): number {
  if (priceTicks <= 0 || cashTicks <= 0) return 0;
  const cash = BigInt(cashTicks);
  // Cost grows with quantity, so binary-search below the commission-free bound.
  let low = 0;
  let high = Math.floor(cashTicks / priceTicks);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (buyCostTicks(mid, priceTicks, costs) <= cash) low = mid;
    else high = mid - 1;
  }
  return low;
}
