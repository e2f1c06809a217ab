import { describe, expect, it } from 'vitest';
import { dailyPnl, daysSinceLastTrading, valuePosition } from '../../src/core/valuation.js';

describe('valuePosition', () => {
  it('adds holdings at the given prices to cash: 9192.175 + 3 × 270.1234 = 10002.5452', () => {
    const valued = valuePosition({ cash: 9192.175, holdings: { AAPL: 3 } }, new Map([['AAPL', 270.1234]]));
    expect(valued).toEqual({ value: 10002.5452, holdingsValue: 810.3702, fallbackUsed: [], unpriced: [] });
  });

  it('is exact where floating-point addition is not (0.1 cash + one share at 0.2 is 0.3)', () => {
    expect(valuePosition({ cash: 0.1, holdings: { X: 1 } }, new Map([['X', 0.2]])).value).toBe(0.3);
  });

  it('is just the cash when nothing is held', () => {
    expect(valuePosition({ cash: 10_000, holdings: {} }, new Map()).value).toBe(10_000);
  });

  it('uses the caller’s fallback for a held symbol with no price and reports it', () => {
    const valued = valuePosition(
      { cash: 100, holdings: { AAPL: 2, MSFT: 1 } },
      new Map([['AAPL', 10]]),
      new Map([
        ['AAPL', 999],
        ['MSFT', 50],
      ]),
    );
    expect(valued).toEqual({ value: 170, holdingsValue: 70, fallbackUsed: ['MSFT'], unpriced: [] });
  });

  it('counts a held symbol with no price anywhere as zero and reports it as unpriced', () => {
    const valued = valuePosition({ cash: 100, holdings: { AAPL: 2, ZZZ: 5 } }, new Map([['AAPL', 10]]));
    expect(valued).toEqual({ value: 120, holdingsValue: 20, fallbackUsed: [], unpriced: ['ZZZ'] });
  });

  it('treats a non-finite price as missing', () => {
    const valued = valuePosition(
      { cash: 0, holdings: { AAPL: 1 } },
      new Map([['AAPL', Number.NaN]]),
      new Map([['AAPL', 7]]),
    );
    expect(valued.value).toBe(7);
    expect(valued.fallbackUsed).toEqual(['AAPL']);
  });
});

describe('dailyPnl', () => {
  it('measures the first day against the initial cash', () => {
    expect(dailyPnl({ endingValue: 10_150, previousEndingValue: null, initialCash: 10_000 })).toEqual({
      profit: 150,
      returnPct: 1.5,
    });
  });

  it('measures later days against the previous ending value', () => {
    const pnl = dailyPnl({ endingValue: 9_900, previousEndingValue: 10_000, initialCash: 5_000 });
    expect(pnl).toEqual({ profit: -100, returnPct: -1 });
  });

  it('gives the profit exact to the tick (10000.3 - 10000.1 is 0.2, not 0.19999…)', () => {
    expect(dailyPnl({ endingValue: 10_000.3, previousEndingValue: 10_000.1, initialCash: 0 }).profit).toBe(
      0.2,
    );
  });

  it('keeps the return in full precision', () => {
    // -250 / 10150 × 100
    const pnl = dailyPnl({ endingValue: 9_900, previousEndingValue: 10_150, initialCash: 10_000 });
    expect(pnl.returnPct).toBeCloseTo(-2.4630541871921, 12);
  });

  it('reports 0% rather than a non-finite return when the base is zero', () => {
    expect(dailyPnl({ endingValue: 0, previousEndingValue: null, initialCash: 0 })).toEqual({
      profit: 0,
      returnPct: 0,
    });
  });
});

describe('daysSinceLastTrading', () => {
  it('is 0 on the first day', () => {
    expect(daysSinceLastTrading(null, '2024-01-08')).toBe(0);
  });

  it('counts calendar days, so Friday to Monday is 3', () => {
    expect(daysSinceLastTrading('2024-01-05', '2024-01-08')).toBe(3);
  });

  it('counts across a leap day, a month end and a year end', () => {
    expect(daysSinceLastTrading('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysSinceLastTrading('2023-12-29', '2024-01-02')).toBe(4);
  });

  it('is unaffected by daylight-saving changes (US clocks moved on 2024-03-10)', () => {
    expect(daysSinceLastTrading('2024-03-08', '2024-03-11')).toBe(3);
  });

  it('is 0 for the same day', () => {
    expect(daysSinceLastTrading('2024-01-08', '2024-01-08')).toBe(0);
  });

  it('throws on malformed dates or a previous day after today, which are caller bugs', () => {
    expect(() => daysSinceLastTrading('2024-01-05', '2024-1-8')).toThrow(RangeError);
    expect(() => daysSinceLastTrading(null, '2024-02-30')).toThrow(RangeError);
    expect(() => daysSinceLastTrading('2024-01-09', '2024-01-08')).toThrow(RangeError);
  });
});
