import type { DayState } from './day-state.js';
import { overnightGap, valueAtOpen } from './day-state.js';
import {
  percent,
  rankByReturn,
  recentReturn,
  screenByGap,
  holdingsOpenToday,
  unique,
} from './recent-return.js';
import { equalWeightBuys, proceedsAtOpen, sellEverything } from './sizing.js';
import type { Decision, DecisionInput, MockStrategy } from './strategy.js';

/** Positions held at once. */
export const MEAN_REVERSION_SLOTS = 5;
/** An overnight jump this large counts as the bounce it was waiting for. */
export const BOUNCE_GAP = 0.01;
const SCREEN_SIZE = 15;

function candidates(state: DayState): string[] {
  return unique(holdingsOpenToday(state), screenByGap(state, SCREEN_SIZE, 'lowest'));
}

/**
 * Buys the week's biggest losers and sells them once they bounce. It remembers nothing between days,
 * so "bounced" is read off today's prices alone: back above the close of a week ago, or a strong
 * overnight jump.
 */
export const meanReversion: MockStrategy = {
  name: 'mean_reversion',
  thesis: 'I buy the biggest losers of the past week and sell them once they bounce back.',
  lookbackSymbols: candidates,

  decide({ state, lookbackCloses }: DecisionInput): Decision {
    const recovered = holdingsOpenToday(state).filter((symbol) => {
      const change = lookbackCloses.has(symbol) ? recentReturn(state, symbol, lookbackCloses) : undefined;
      return (change !== undefined && change > 0) || (overnightGap(state, symbol) ?? 0) > BOUNCE_GAP;
    });
    const sells = sellEverything(state, recovered);

    const openSlots = MEAN_REVERSION_SLOTS - (state.holdings.size - sells.length);
    const notHeld = candidates(state).filter((symbol) => !state.holdings.has(symbol));
    const losers = rankByReturn(state, notHeld, lookbackCloses, 'worst')
      .filter((entry) => entry.change < 0)
      .slice(0, Math.max(0, openSlots));
    const buys = equalWeightBuys(
      state,
      losers.map((entry) => entry.symbol),
      { cash: state.cash + proceedsAtOpen(state, sells), perName: valueAtOpen(state) / MEAN_REVERSION_SLOTS },
    );

    const parts: string[] = [];
    if (sells.length > 0) parts.push(`${sells.map((o) => o.symbol).join(', ')} bounced, so I take the gain`);
    if (losers.length > 0) {
      parts.push(`oversold: ${losers.map((entry) => `${entry.symbol} ${percent(entry.change)}`).join(', ')}`);
    }
    const rationale =
      parts.length === 0
        ? 'Mean reversion: no holding has bounced and I have no room or no oversold names to add.'
        : `Mean reversion: ${parts.join('; ')}.`;
    return { orders: [...sells, ...buys], rationale };
  },
};
