import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CostModel } from '../../../src/core/ledger/costs.js';
import { DayLedger } from '../../../src/core/ledger/day-ledger.js';
import { toTicks } from '../../../src/core/ledger/money.js';
import type { MarketForOrders } from '../../../src/core/ledger/orders.js';
import type { Position } from '../../../src/core/ledger/position.js';

const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'ARM'] as const;

/** A market where every symbol but ARM has a four-decimal open between $0.0001 and $2000. */
const marketArb: fc.Arbitrary<MarketForOrders> = fc
  .tuple(...SYMBOLS.slice(0, 3).map(() => fc.integer({ min: 1, max: 20_000_000 })))
  .map((openTicks) => ({
    universe: new Set(SYMBOLS),
    opens: new Map(openTicks.map((ticks, i) => [SYMBOLS[i]!, ticks / 10_000])),
  }));

const startArb: fc.Arbitrary<Position> = fc
  .record({
    cashTicks: fc.integer({ min: 0, max: 1_000_000_000 }),
    shares: fc.tuple(...SYMBOLS.map(() => fc.integer({ min: 0, max: 40 }))),
  })
  .map(({ cashTicks, shares }) => ({
    cash: cashTicks / 10_000,
    holdings: Object.fromEntries(SYMBOLS.flatMap((symbol, i) => (shares[i] ? [[symbol, shares[i]]] : []))),
  }));

/** Orders as a model might send them, valid or not. */
const orderArb = fc.record({
  side: fc.constantFrom('buy' as const, 'sell' as const),
  symbol: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...SYMBOLS) },
    { weight: 1, arbitrary: fc.constantFrom('aapl', ' Msft ', 'ZZZZ', '') },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(42, null, undefined) },
  ),
  amount: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 20 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<unknown>(
        0,
        -3,
        1.5,
        Number.NaN,
        Infinity,
        '3',
        null,
        Number.MAX_SAFE_INTEGER + 2,
      ),
    },
  ),
});

const ordersArb = fc.array(orderArb, { minLength: 1, maxLength: 40, size: 'medium' });

const costsArb: fc.Arbitrary<CostModel> = fc.record({
  commissionBps: fc.integer({ min: 0, max: 100 }),
  slippageBps: fc.integer({ min: 0, max: 100 }),
});

/** Portfolio value in ticks with holdings marked at the opens (every held symbol here has one except ARM). */
function valueAtOpens(position: Position, market: MarketForOrders): number {
  let ticks = toTicks(position.cash);
  for (const [symbol, quantity] of Object.entries(position.holdings)) {
    ticks += quantity * toTicks(market.opens.get(symbol) ?? 0);
  }
  return ticks;
}

function expectSound(position: Position): void {
  expect(position.cash).toBeGreaterThanOrEqual(0);
  expect(Number.isInteger(toTicks(position.cash))).toBe(true);
  for (const [symbol, quantity] of Object.entries(position.holdings)) {
    expect(symbol).toBe(symbol.toUpperCase());
    expect(Number.isSafeInteger(quantity)).toBe(true);
    expect(quantity).toBeGreaterThan(0);
  }
}

describe('ledger invariants over random order sequences', () => {
  it('never lets cash go below zero or shares become fractional, negative or zero entries', () => {
    fc.assert(
      fc.property(startArb, marketArb, costsArb, ordersArb, (start, market, costs, orders) => {
        const ledger = new DayLedger(start, market, costs);
        for (const order of orders) {
          ledger[order.side](order.symbol, order.amount);
          expectSound(ledger.position);
        }
      }),
    );
  });

  it('leaves the position exactly as it was when an order is rejected', () => {
    fc.assert(
      fc.property(startArb, marketArb, costsArb, ordersArb, (start, market, costs, orders) => {
        const ledger = new DayLedger(start, market, costs);
        for (const order of orders) {
          const before = ledger.position;
          const result = ledger[order.side](order.symbol, order.amount);
          if (!result.ok) expect(ledger.position).toEqual(before);
        }
      }),
    );
  });

  it('conserves value at the fill prices exactly with zero costs', () => {
    fc.assert(
      fc.property(startArb, marketArb, ordersArb, (start, market, orders) => {
        const ledger = new DayLedger(start, market);
        for (const order of orders) {
          const before = valueAtOpens(ledger.position, market);
          ledger[order.side](order.symbol, order.amount);
          expect(valueAtOpens(ledger.position, market)).toBe(before);
        }
      }),
    );
  });

  it('with costs, lowers value at the opens by exactly the commission plus the slippage paid', () => {
    // Counted so the property cannot pass vacuously on sequences that only ever get rejected.
    let fills = 0;
    fc.assert(
      fc.property(startArb, marketArb, costsArb, ordersArb, (start, market, costs, orders) => {
        const ledger = new DayLedger(start, market, costs);
        for (const order of orders) {
          const before = valueAtOpens(ledger.position, market);
          const result = ledger[order.side](order.symbol, order.amount);
          const after = valueAtOpens(ledger.position, market);
          if (!result.ok) {
            expect(after).toBe(before);
            continue;
          }
          fills += 1;
          const { fill } = result;
          const open = toTicks(market.opens.get(fill.symbol) ?? Number.NaN);
          const slippagePaid = Math.abs(toTicks(fill.price) - open) * fill.quantity;
          expect(before - after).toBe(toTicks(fill.commission) + slippagePaid);
        }
      }),
    );
    expect(fills).toBeGreaterThan(200);
  });

  it('reports in each fill the cash and shares the position then holds', () => {
    fc.assert(
      fc.property(startArb, marketArb, costsArb, ordersArb, (start, market, costs, orders) => {
        const ledger = new DayLedger(start, market, costs);
        for (const order of orders) {
          const result = ledger[order.side](order.symbol, order.amount);
          if (!result.ok) continue;
          expect(result.fill.cashAfter).toBe(ledger.position.cash);
          expect(result.fill.sharesAfter).toBe(ledger.position.holdings[result.fill.symbol] ?? 0);
          expect(toTicks(result.fill.notional)).toBe(toTicks(result.fill.price) * result.fill.quantity);
        }
      }),
    );
  });
});
