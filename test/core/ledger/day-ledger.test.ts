import { describe, expect, it } from 'vitest';
import { DayLedger } from '../../../src/core/ledger/day-ledger.js';
import type { MarketForOrders } from '../../../src/core/ledger/orders.js';
import { emptyPosition } from '../../../src/core/ledger/position.js';

function market(): MarketForOrders {
  return {
    universe: new Set(['AAPL', 'MSFT', 'NVDA']),
    opens: new Map([
      ['AAPL', 269.275],
      ['MSFT', 400],
      ['NVDA', 500],
    ]),
  };
}

describe('DayLedger', () => {
  it('lets sell proceeds fund a later buy on the same day', () => {
    const ledger = new DayLedger({ cash: 100, holdings: { MSFT: 5 } }, market());
    expect(ledger.buy('NVDA', 1).ok).toBe(false);
    expect(ledger.sell('MSFT', 1).ok).toBe(true);
    expect(ledger.buy('NVDA', 1).ok).toBe(true);
    // 100 + 400 - 500 = 0
    expect(ledger.position).toEqual({ cash: 0, holdings: { MSFT: 4, NVDA: 1 } });
  });

  it('checks each sell against the shares left by earlier sells', () => {
    const ledger = new DayLedger({ cash: 0, holdings: { AAPL: 3 } }, market());
    expect(ledger.sell('AAPL', 2).ok).toBe(true);
    const second = ledger.sell('aapl', 2);
    expect(second.ok ? null : second.rejection.code).toBe('insufficient_shares');
    expect(ledger.sell('AAPL', 1).ok).toBe(true);
    const third = ledger.sell('AAPL', 1);
    expect(third.ok ? null : third.rejection.code).toBe('no_position');
  });

  it('keeps fills in the order they happened and explains each rejection in its result, changing nothing', () => {
    const ledger = new DayLedger(emptyPosition(10_000), market());
    const results = [
      ledger.buy('AAPL', 3),
      ledger.buy('XYZ', 1),
      ledger.sell('AAPL', 1),
      ledger.sell('MSFT', 1),
    ];
    expect(results.map((result) => (result.ok ? 'filled' : result.rejection.code))).toEqual([
      'filled',
      'unknown_symbol',
      'filled',
      'no_position',
    ]);
    expect(ledger.fills.map((fill) => [fill.side, fill.symbol, fill.quantity, fill.cashAfter])).toEqual([
      ['buy', 'AAPL', 3, 9192.175],
      ['sell', 'AAPL', 1, 9461.45],
    ]);
    expect(ledger.position).toEqual({ cash: 9461.45, holdings: { AAPL: 2 } });
  });

  it('applies its cost model to every order', () => {
    const ledger = new DayLedger(emptyPosition(10_000), market(), { commissionBps: 10, slippageBps: 0 });
    ledger.buy('MSFT', 5); // 2000.00 + 2.00
    ledger.sell('MSFT', 5); // 2000.00 - 2.00
    expect(ledger.position.cash).toBe(9996);
    expect(ledger.fills.map((fill) => fill.commission)).toEqual([2, 2]);
  });

  it('is unaffected by later changes to the start position or market it was given', () => {
    const start = { cash: 1000, holdings: { AAPL: 1 } as Record<string, number> };
    const given = market();
    const ledger = new DayLedger(start, given);
    start.cash = 0;
    start.holdings.AAPL = 50;
    (given.opens as Map<string, number>).set('NVDA', 1);
    (given.universe as Set<string>).delete('MSFT');
    expect(ledger.position).toEqual({ cash: 1000, holdings: { AAPL: 1 } });
    expect(ledger.buy('NVDA', 3).ok).toBe(false); // 1500.00 at the original open, 3.00 at the later one
    expect(ledger.buy('MSFT', 1).ok).toBe(true);
  });

  it('cannot be changed through what it hands out', () => {
    const ledger = new DayLedger(emptyPosition(10_000), market());
    const result = ledger.buy('AAPL', 1);
    if (result.ok) result.position.cash = 1e9;
    ledger.position.cash = 1e9;
    ledger.fills[0]!.quantity = 1000;
    expect(ledger.position.cash).toBe(9730.725);
    expect(ledger.fills[0]?.quantity).toBe(1);
  });

  it('throws on an invalid cost model at construction', () => {
    expect(() => new DayLedger(emptyPosition(1), market(), { commissionBps: -5, slippageBps: 0 })).toThrow(
      RangeError,
    );
  });
});
