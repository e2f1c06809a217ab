import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertValidCostModel,
  buyCostTicks,
  commission,
  fillPrice,
  fillPriceTicks,
  maxAffordableShares,
  ZERO_COSTS,
} from '../../../src/core/ledger/costs.js';

describe('fill prices', () => {
  it('fills at the open when there is no slippage', () => {
    expect(fillPrice('buy', 269.275, ZERO_COSTS)).toBe(269.275);
    expect(fillPrice('sell', 269.275, ZERO_COSTS)).toBe(269.275);
  });

  it('rounds a buy with 5 bps slippage at 100.0001 up to the next tick (100.05005005 -> 100.0502)', () => {
    expect(fillPrice('buy', 100.0001, { commissionBps: 0, slippageBps: 5 })).toBe(100.0502);
  });

  it('rounds a sell with 5 bps slippage at 100.0001 down to the tick (99.95004995 -> 99.95)', () => {
    expect(fillPrice('sell', 100.0001, { commissionBps: 0, slippageBps: 5 })).toBe(99.95);
  });

  it('handles fractional basis points exactly (2.5 bps on 100.00 is 0.025)', () => {
    expect(fillPrice('buy', 100, { commissionBps: 0, slippageBps: 2.5 })).toBe(100.025);
    expect(fillPrice('sell', 100, { commissionBps: 0, slippageBps: 2.5 })).toBe(99.975);
  });

  it('never rounds in the trader’s favour, and never by more than one tick', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (open, bps) => {
          const costs = { commissionBps: 0, slippageBps: bps };
          // Exact prices scaled by 10000: buy >= open*(1+s), sell <= open*(1-s), each within one tick.
          const buyScaled = fillPriceTicks('buy', open, costs) * 10_000;
          const sellScaled = fillPriceTicks('sell', open, costs) * 10_000;
          expect(buyScaled).toBeGreaterThanOrEqual(open * (10_000 + bps));
          expect(buyScaled).toBeLessThan(open * (10_000 + bps) + 10_000);
          expect(sellScaled).toBeLessThanOrEqual(open * (10_000 - bps));
          expect(sellScaled).toBeGreaterThan(open * (10_000 - bps) - 10_000);
        },
      ),
    );
  });
});

describe('commission', () => {
  it('charges 10 bps on a 1000.00 notional as 1.00', () => {
    expect(commission(1000, { commissionBps: 10, slippageBps: 0 })).toBe(1);
  });

  it('rounds a fraction of a tick up (10 bps on 0.0001 is 0.0001)', () => {
    expect(commission(0.0001, { commissionBps: 10, slippageBps: 0 })).toBe(0.0001);
  });

  it('is zero without a commission rate', () => {
    expect(commission(1000, ZERO_COSTS)).toBe(0);
  });
});

describe('affordability', () => {
  it('counts the commission when working out what cash can buy (1000.00 at 100.00 with 10 bps is 9 shares)', () => {
    const costs = { commissionBps: 10, slippageBps: 0 };
    expect(buyCostTicks(10, 1_000_000, costs)).toBe(10_010_000n);
    expect(maxAffordableShares(10_000_000, 1_000_000, costs)).toBe(9);
    expect(maxAffordableShares(10_000_000, 1_000_000, ZERO_COSTS)).toBe(10);
  });

  it('finds the largest quantity whose cost fits the cash', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 500 }),
        (cash, price, bps) => {
          const costs = { commissionBps: bps, slippageBps: 0 };
          const max = maxAffordableShares(cash, price, costs);
          expect(buyCostTicks(max, price, costs)).toBeLessThanOrEqual(BigInt(cash));
          expect(buyCostTicks(max + 1, price, costs)).toBeGreaterThan(BigInt(cash));
        },
      ),
    );
  });
});

describe('cost model validation', () => {
  it('accepts zero and ordinary costs', () => {
    expect(() => assertValidCostModel(ZERO_COSTS)).not.toThrow();
    expect(() => assertValidCostModel({ commissionBps: 10, slippageBps: 2.5 })).not.toThrow();
  });

  it('throws on negative, non-finite or over-100% costs, which are configuration bugs', () => {
    expect(() => assertValidCostModel({ commissionBps: -1, slippageBps: 0 })).toThrow(RangeError);
    expect(() => assertValidCostModel({ commissionBps: 0, slippageBps: Number.NaN })).toThrow(RangeError);
    expect(() => assertValidCostModel({ commissionBps: 0, slippageBps: 10_001 })).toThrow(RangeError);
  });
});
