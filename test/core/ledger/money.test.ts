import { describe, expect, it } from 'vitest';
import { formatTicks, fromTicks, TICKS_PER_DOLLAR, toTicks } from '../../../src/core/ledger/money.js';

describe('money in ticks of $0.0001', () => {
  it('keeps nothing finer than a tick: a dollar is TICKS_PER_DOLLAR ticks, under half a tick rounds away', () => {
    expect(toTicks(1)).toBe(TICKS_PER_DOLLAR);
    expect(fromTicks(TICKS_PER_DOLLAR)).toBe(1);
    expect(toTicks(0.0001)).toBe(1);
    expect(toTicks(0.00004)).toBe(0);
    expect(toTicks(0.00006)).toBe(1);
  });

  it('converts dollars to whole ticks, absorbing floating-point noise', () => {
    expect(toTicks(269.275)).toBe(2_692_750);
    expect(toTicks(0.1 + 0.2)).toBe(3_000);
    expect(toTicks(100.0001)).toBe(1_000_001);
  });

  it('converts ticks back to the dollar amount they stand for', () => {
    expect(fromTicks(91_921_750)).toBe(9192.175);
    expect(fromTicks(1)).toBe(0.0001);
  });

  it('formats ticks as exact dollars with at least cents and at most four decimals', () => {
    expect(formatTicks(91_921_750)).toBe('$9192.175');
    expect(formatTicks(10_000)).toBe('$1.00');
    expect(formatTicks(15_000)).toBe('$1.50');
    expect(formatTicks(1)).toBe('$0.0001');
    expect(formatTicks(-1)).toBe('-$0.0001');
    expect(formatTicks(0)).toBe('$0.00');
  });

  it('formats amounts beyond double precision exactly when given a bigint', () => {
    expect(formatTicks(9_007_199_254_740_993n * 10_000n)).toBe('$9007199254740993.00');
  });
});
