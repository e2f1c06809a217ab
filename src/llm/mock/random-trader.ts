import { createRng, hashString, mixSeeds } from '../../market-data/demo/prng.js';
import { onGrid, openOf, symbolsOpenToday } from './day-state.js';
import { holdingsOpenToday } from './recent-return.js';
import { CASH_BUFFER } from './sizing.js';
import type { Decision, DecisionInput, MockOrder, MockStrategy } from './strategy.js';

/** At most this many orders a day; zero is as likely as any other count. */
export const RANDOM_MAX_ORDERS = 3;
const SELL_PROBABILITY = 0.4;

/**
 * A coin-flipping baseline that still plays by the rules: it only trades symbols with an open, never
 * sells more than it holds and never spends more than its cash. Its dice are seeded by (seed,
 * signature, date), so each model-day is repeatable and different days differ.
 */
export const randomTrader: MockStrategy = {
  name: 'random',
  thesis: 'I trade at random as a baseline that any real strategy should beat.',
  lookbackSymbols: () => [],

  decide({ state, seed, signature }: DecisionInput): Decision {
    const rng = createRng(mixSeeds(seed, hashString(signature), hashString(state.date)));
    const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(rng.uniform() * items.length)];
    const openToday = symbolsOpenToday(state);
    const sellable = holdingsOpenToday(state);
    // Sale proceeds are left out of the budget: simpler, and it can only make buys safer.
    let budget = state.cash * (1 - CASH_BUFFER);
    const sells: MockOrder[] = [];
    const buys: MockOrder[] = [];

    const count = Math.floor(rng.uniform() * (RANDOM_MAX_ORDERS + 1));
    for (let i = 0; i < count; i++) {
      if (sellable.length > 0 && rng.uniform() < SELL_PROBABILITY) {
        const symbol = pick(sellable);
        const held = symbol === undefined ? undefined : state.holdings.get(symbol);
        if (symbol === undefined || held === undefined) continue;
        // Whole steps of the grid (1 share, a lot of 100, 0.0001 of a coin), at least one.
        const steps = Math.round(held / state.grid.step);
        const amount = onGrid((1 + Math.floor(rng.uniform() * steps)) * state.grid.step, state.grid);
        sells.push({ side: 'sell', symbol, amount });
        // One sale per symbol a day, so two draws can never add up to more than the holding.
        sellable.splice(sellable.indexOf(symbol), 1);
      } else {
        const symbol = pick(openToday);
        const open = symbol === undefined ? undefined : openOf(state, symbol);
        const fraction = 0.1 + 0.3 * rng.uniform();
        if (symbol === undefined || open === undefined) continue;
        const amount = onGrid((budget * fraction) / open, state.grid);
        if (amount <= 0) continue;
        buys.push({ side: 'buy', symbol, amount });
        budget -= amount * open;
      }
    }

    const orders = [...sells, ...buys];
    const rationale =
      orders.length === 0
        ? 'Random: the dice say sit still today.'
        : `Random: the dice picked ${orders.map((o) => `${o.side} ${o.amount} ${o.symbol}`).join(', ')}.`;
    return { orders, rationale };
  },
};
