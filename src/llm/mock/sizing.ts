import type { DayState } from './day-state.js';
import { onGrid, openOf } from './day-state.js';
import type { MockOrder } from './strategy.js';

/**
 * The share of cash never spent. Orders fill at the open plus any configured slippage and commission,
 * which a mock cannot see, and amounts are rounded; keeping 1% back means a buy is never rejected for
 * cash because of either.
 */
export const CASH_BUFFER = 0.01;

/** Sell orders for the whole holding of each symbol that trades today. */
export function sellEverything(state: DayState, symbols: readonly string[]): MockOrder[] {
  const orders: MockOrder[] = [];
  for (const symbol of symbols) {
    const shares = state.holdings.get(symbol);
    if (shares !== undefined && shares > 0 && openOf(state, symbol) !== undefined) {
      orders.push({ side: 'sell', symbol, amount: shares });
    }
  }
  return orders;
}

/** What the sells bring in at today's opens, before costs. */
export function proceedsAtOpen(state: DayState, sells: readonly MockOrder[]): number {
  return sells.reduce((sum, order) => sum + order.amount * (openOf(state, order.symbol) ?? 0), 0);
}

/**
 * Buys of up to `perName` dollars of each symbol, in order, spending at most `cash` less the buffer.
 * Names too expensive for what is left are skipped rather than bought with borrowed money.
 */
export function equalWeightBuys(
  state: DayState,
  symbols: readonly string[],
  budget: { cash: number; perName: number },
): MockOrder[] {
  let spendable = budget.cash * (1 - CASH_BUFFER);
  const perName = budget.perName * (1 - CASH_BUFFER);
  const orders: MockOrder[] = [];
  for (const symbol of symbols) {
    const open = openOf(state, symbol);
    if (open === undefined) continue;
    const amount = onGrid(Math.min(perName, spendable) / open, state.grid);
    if (amount <= 0) continue;
    orders.push({ side: 'buy', symbol, amount });
    spendable -= amount * open;
  }
  return orders;
}
