import { describe, expect, it } from 'vitest';
import { applyOrder } from '../../../src/core/ledger/orders.js';
import type { MarketForOrders, OrderResult } from '../../../src/core/ledger/orders.js';
import { emptyPosition } from '../../../src/core/ledger/position.js';
import type { Position } from '../../../src/core/ledger/position.js';

const market: MarketForOrders = {
  universe: new Set(['AAPL', 'MSFT', 'NVDA', 'ARM']),
  // ARM is in the universe but has no bar today.
  opens: new Map([
    ['AAPL', 269.275],
    ['MSFT', 400],
    ['NVDA', 100],
  ]),
};

function holding(cash: number, holdings: Record<string, number>): Position {
  return { cash, holdings };
}

function rejectionOf(result: OrderResult) {
  if (result.ok) throw new Error(`expected a rejection, got a fill: ${JSON.stringify(result.fill)}`);
  return result.rejection;
}

function fillOf(result: OrderResult) {
  if (!result.ok)
    throw new Error(`expected a fill, got ${result.rejection.code}: ${result.rejection.message}`);
  return result;
}

describe('buying', () => {
  it('buys 3 AAPL at the 269.275 open out of 10000 cash, leaving 9192.175', () => {
    const { fill, position } = fillOf(applyOrder(emptyPosition(10_000), 'buy', 'AAPL', 3, market));
    expect(fill).toEqual({
      side: 'buy',
      symbol: 'AAPL',
      quantity: 3,
      price: 269.275,
      notional: 807.825,
      commission: 0,
      cashAfter: 9192.175,
      sharesAfter: 3,
    });
    expect(position).toEqual({ cash: 9192.175, holdings: { AAPL: 3 } });
  });

  it('adds to an existing holding', () => {
    const { position } = fillOf(applyOrder(holding(1000, { NVDA: 2 }), 'buy', 'NVDA', 3, market));
    expect(position).toEqual({ cash: 700, holdings: { NVDA: 5 } });
  });

  it('charges commission in cash: 10 NVDA at 100.00 with 10 bps costs 1000.00 + 1.00', () => {
    const costs = { commissionBps: 10, slippageBps: 0 };
    const { fill } = fillOf(applyOrder(emptyPosition(10_000), 'buy', 'NVDA', 10, market, costs));
    expect(fill.notional).toBe(1000);
    expect(fill.commission).toBe(1);
    expect(fill.cashAfter).toBe(8999);
  });

  it('fills a buy with slippage at the open marked up and rounded up to the tick', () => {
    const costs = { commissionBps: 0, slippageBps: 5 };
    const odd = { universe: new Set(['AAPL']), opens: new Map([['AAPL', 100.0001]]) };
    const { fill } = fillOf(applyOrder(emptyPosition(1000), 'buy', 'AAPL', 2, odd, costs));
    expect(fill.price).toBe(100.0502);
    expect(fill.notional).toBe(200.1004);
    expect(fill.cashAfter).toBe(799.8996);
  });

  it('allows a buy that spends the cash down to exactly zero', () => {
    const { position } = fillOf(applyOrder(emptyPosition(1000), 'buy', 'NVDA', 10, market));
    expect(position.cash).toBe(0);
  });

  it('rejects a buy that would take cash below zero, saying what is needed, available and affordable', () => {
    const rejection = rejectionOf(applyOrder(emptyPosition(1000), 'buy', 'MSFT', 3, market));
    expect(rejection.code).toBe('insufficient_cash');
    expect(rejection.message).toContain('needs $1200.00');
    expect(rejection.message).toContain('available $1000.00');
    expect(rejection.message).toContain('at most 2 shares');
  });

  it('counts the commission in the cash check (1000.00 buys 9 NVDA at 100.00 with 10 bps, not 10)', () => {
    const costs = { commissionBps: 10, slippageBps: 0 };
    const rejection = rejectionOf(applyOrder(emptyPosition(1000), 'buy', 'NVDA', 10, market, costs));
    expect(rejection.code).toBe('insufficient_cash');
    expect(rejection.message).toContain('needs $1001.00');
    expect(rejection.message).toContain('at most 9 shares');
  });

  it('states the exact cash needed even for the largest safe quantity', () => {
    const rejection = rejectionOf(
      applyOrder(emptyPosition(10_000), 'buy', 'NVDA', Number.MAX_SAFE_INTEGER, market),
    );
    expect(rejection.code).toBe('insufficient_cash');
    expect(rejection.message).toContain('needs $900719925474099100.00');
  });

  it('rejects a symbol in the universe that has no price today as untradable', () => {
    const rejection = rejectionOf(applyOrder(emptyPosition(10_000), 'buy', 'ARM', 1, market));
    expect(rejection.code).toBe('untradable_symbol');
    expect(rejection.message).toContain('ARM');
    expect(rejection.message).toContain('no opening price');
  });

  it('treats an open that is zero or not a number as no price', () => {
    const broken = {
      universe: new Set(['AAPL', 'MSFT']),
      opens: new Map([
        ['AAPL', 0],
        ['MSFT', Number.NaN],
      ]),
    };
    expect(rejectionOf(applyOrder(emptyPosition(10_000), 'buy', 'AAPL', 1, broken)).code).toBe(
      'untradable_symbol',
    );
    expect(rejectionOf(applyOrder(emptyPosition(10_000), 'buy', 'MSFT', 1, broken)).code).toBe(
      'untradable_symbol',
    );
  });
});

describe('selling', () => {
  it('sells at the open and credits the proceeds', () => {
    const { fill, position } = fillOf(applyOrder(holding(100, { MSFT: 5 }), 'sell', 'MSFT', 2, market));
    expect(fill).toMatchObject({ side: 'sell', price: 400, notional: 800, cashAfter: 900, sharesAfter: 3 });
    expect(position).toEqual({ cash: 900, holdings: { MSFT: 3 } });
  });

  it('removes the holding entirely when the last share is sold', () => {
    const { position } = fillOf(applyOrder(holding(0, { MSFT: 2, NVDA: 1 }), 'sell', 'MSFT', 2, market));
    expect(position.holdings).toEqual({ NVDA: 1 });
    expect(Object.keys(position.holdings)).not.toContain('MSFT');
  });

  it('deducts commission from proceeds and fills below the open with slippage', () => {
    const costs = { commissionBps: 10, slippageBps: 5 };
    // 400 * (1 - 0.0005) = 399.80; 10 shares = 3998.00; commission 10 bps = 3.998 -> 3.998 exactly.
    const { fill } = fillOf(applyOrder(holding(0, { MSFT: 10 }), 'sell', 'MSFT', 10, market, costs));
    expect(fill.price).toBe(399.8);
    expect(fill.notional).toBe(3998);
    expect(fill.commission).toBe(3.998);
    expect(fill.cashAfter).toBe(3994.002);
  });

  it('rejects a sell of more than is held, saying how many are held', () => {
    const rejection = rejectionOf(applyOrder(holding(0, { AAPL: 3 }), 'sell', 'AAPL', 5, market));
    expect(rejection.code).toBe('insufficient_shares');
    expect(rejection.message).toContain('hold only 3 shares');
  });

  it('rejects a sell of a symbol not held', () => {
    const rejection = rejectionOf(applyOrder(emptyPosition(10_000), 'sell', 'MSFT', 1, market));
    expect(rejection.code).toBe('no_position');
    expect(rejection.message).toContain('MSFT');
  });

  it('rejects a sell of a held symbol with no price today as untradable', () => {
    const rejection = rejectionOf(applyOrder(holding(0, { ARM: 4 }), 'sell', 'ARM', 1, market));
    expect(rejection.code).toBe('untradable_symbol');
  });
});

describe('order validation', () => {
  it('rejects a symbol outside the universe, quoting it', () => {
    const rejection = rejectionOf(applyOrder(emptyPosition(10_000), 'buy', 'XYZ', 1, market));
    expect(rejection.code).toBe('unknown_symbol');
    expect(rejection.message).toContain('"XYZ"');
  });

  it.each([42, null, undefined, '', '   ', { symbol: 'AAPL' }])(
    'rejects the non-ticker %j as an unknown symbol',
    (symbol) => {
      expect(rejectionOf(applyOrder(emptyPosition(10_000), 'buy', symbol, 1, market)).code).toBe(
        'unknown_symbol',
      );
    },
  );

  it.each([
    ['zero', 0],
    ['a negative amount', -1],
    ['a fraction', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a numeric string', '3'],
    ['null', null],
    ['undefined', undefined],
    ['an amount above MAX_SAFE_INTEGER', Number.MAX_SAFE_INTEGER + 1],
    ['a bigint', 3n],
  ])('rejects %s as an invalid amount', (_name, amount) => {
    for (const side of ['buy', 'sell'] as const) {
      const rejection = rejectionOf(applyOrder(holding(10_000, { AAPL: 10 }), side, 'AAPL', amount, market));
      expect(rejection.code).toBe('invalid_amount');
      expect(rejection.message).toContain('whole number of shares, at least 1');
    }
  });

  it('shows a string amount in quotes so the model sees it was text', () => {
    const rejection = rejectionOf(applyOrder(emptyPosition(10_000), 'buy', 'AAPL', '3', market));
    expect(rejection.message).toContain('"3"');
  });

  it('matches symbols case-insensitively and records them in upper case', () => {
    const bought = fillOf(applyOrder(emptyPosition(10_000), 'buy', ' aapl ', 1, market));
    expect(bought.fill.symbol).toBe('AAPL');
    expect(bought.position.holdings).toEqual({ AAPL: 1 });
    const sold = fillOf(applyOrder(bought.position, 'sell', 'Aapl', 1, market));
    expect(sold.position.holdings).toEqual({});
  });

  it('never mutates the position it is given, whether it fills or rejects', () => {
    const start = holding(1000, { AAPL: 2 });
    const before = structuredClone(start);
    Object.freeze(start);
    Object.freeze(start.holdings);
    fillOf(applyOrder(start, 'buy', 'NVDA', 1, market));
    fillOf(applyOrder(start, 'sell', 'AAPL', 2, market));
    rejectionOf(applyOrder(start, 'buy', 'MSFT', 100, market));
    expect(start).toEqual(before);
  });

  it('throws on an order side that is neither buy nor sell, which is a caller bug', () => {
    expect(() => applyOrder(emptyPosition(1), 'short' as 'buy', 'AAPL', 1, market)).toThrow(TypeError);
  });
});
