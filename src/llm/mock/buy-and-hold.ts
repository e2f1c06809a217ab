import { symbolsOpenToday } from './day-state.js';
import { equalWeightBuys } from './sizing.js';
import type { Decision, DecisionInput, MockStrategy } from './strategy.js';

/** The largest NASDAQ-100 names, a fixed basket so the strategy is easy to reason about. */
export const BUY_AND_HOLD_BASKET: readonly string[] = Object.freeze([
  'AAPL',
  'MSFT',
  'NVDA',
  'AMZN',
  'GOOGL',
  'META',
  'AVGO',
  'TSLA',
  'COST',
  'NFLX',
]);

/** Invests everything once, in an equal-weight basket, then never trades again. */
export const buyAndHold: MockStrategy = {
  name: 'buy_and_hold',
  thesis: 'I buy an equal-weight basket of the largest names once and then simply hold it.',
  lookbackSymbols: () => [],

  decide({ state }: DecisionInput): Decision {
    if (state.holdings.size > 0) {
      return { orders: [], rationale: 'Buy and hold: I already own my basket, so I keep holding it.' };
    }
    const openToday = symbolsOpenToday(state);
    const inBasket = BUY_AND_HOLD_BASKET.filter((symbol) => openToday.includes(symbol));
    // A custom universe may hold none of the basket; its first names stand in so the strategy still invests.
    const basket = inBasket.length > 0 ? inBasket : openToday.slice(0, BUY_AND_HOLD_BASKET.length);
    const orders = equalWeightBuys(state, basket, {
      cash: state.cash,
      perName: state.cash / Math.max(1, basket.length),
    });
    const rationale =
      orders.length === 0
        ? 'Buy and hold: nothing in my basket is affordable today, so I wait.'
        : `Buy and hold: investing my cash equally in ${orders.map((o) => o.symbol).join(', ')}.`;
    return { orders, rationale };
  },
};
