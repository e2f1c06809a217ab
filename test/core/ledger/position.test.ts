import { describe, expect, it } from 'vitest';
import { clonePosition, emptyPosition } from '../../../src/core/ledger/position.js';

describe('positions', () => {
  it('starts a model with all cash and no holdings', () => {
    expect(emptyPosition(10_000)).toEqual({ cash: 10_000, holdings: {} });
  });

  it('rounds initial cash to a whole tick', () => {
    expect(emptyPosition(0.1 + 0.2).cash).toBe(0.3);
  });

  it('throws on negative or non-finite initial cash, which is a configuration bug', () => {
    expect(() => emptyPosition(-1)).toThrow(RangeError);
    expect(() => emptyPosition(Number.NaN)).toThrow(RangeError);
  });

  it('clones deeply enough that changing the copy leaves the original alone', () => {
    const original = { cash: 5, holdings: { AAPL: 2 } };
    const copy = clonePosition(original) as { cash: number; holdings: Record<string, number> };
    copy.cash = 0;
    copy.holdings.AAPL = 99;
    expect(original).toEqual({ cash: 5, holdings: { AAPL: 2 } });
  });
});
