import type { DayState } from './day-state.js';
import { valueAtOpen } from './day-state.js';
import { percent, rankByReturn, screenByGap, holdingsOpenToday, unique } from './recent-return.js';
import { equalWeightBuys, proceedsAtOpen, sellEverything } from './sizing.js';
import type { Decision, DecisionInput, MockStrategy } from './strategy.js';

/** Positions held at once. */
export const MOMENTUM_TOP = 5;
/** Names looked at beyond the holdings, picked by today's gap. */
const SCREEN_SIZE = 15;

function candidates(state: DayState): string[] {
  return unique(holdingsOpenToday(state), screenByGap(state, SCREEN_SIZE, 'highest'));
}

/**
 * Holds the strongest recent risers. Only rising names qualify, so in a falling market it sits in
 * cash rather than holding the least bad losers; names dropping out of the top set are sold whole.
 */
export const momentum: MockStrategy = {
  name: 'momentum',
  thesis:
    'I follow momentum, holding the strongest risers of the past week and dropping names that fall behind.',
  lookbackSymbols: candidates,

  decide({ state, lookbackCloses }: DecisionInput): Decision {
    const ranked = rankByReturn(state, candidates(state), lookbackCloses, 'best');
    const top = ranked.filter((entry) => entry.change > 0).slice(0, MOMENTUM_TOP);
    const topSymbols = new Set(top.map((entry) => entry.symbol));

    const sells = sellEverything(
      state,
      holdingsOpenToday(state).filter((symbol) => !topSymbols.has(symbol)),
    );
    const newNames = top.map((entry) => entry.symbol).filter((symbol) => !state.holdings.has(symbol));
    const buys = equalWeightBuys(state, newNames, {
      cash: state.cash + proceedsAtOpen(state, sells),
      perName: valueAtOpen(state) / MOMENTUM_TOP,
    });

    const leaders = top.map((entry) => `${entry.symbol} ${percent(entry.change)}`).join(', ');
    const rationale =
      top.length === 0
        ? 'Momentum: nothing I screened is up over the past week, so I stay out of the market.'
        : `Momentum: the strongest recent performers are ${leaders}.`;
    return { orders: [...sells, ...buys], rationale };
  },
};
