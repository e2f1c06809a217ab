/** The synthetic dataset the demo runs on when no real prices are available. */
import type { DailyBar } from '../../core/bars.js';
import { addDays } from '../../core/dates.js';
import { symbolsToPrice, US_MARKET, type Market } from '../../core/markets/index.js';
import type { DateRange } from '../coverage-report.js';
import { generateSyntheticBars } from './synthetic-bars.js';
import { syntheticModelFor } from './synthetic-markets.js';

/** Changing it changes every demo price, and with them every recorded demo result. */
export const DEMO_SEED = 20_250_102;

export const DEMO_DISCLAIMER = 'Synthetic demo prices (seeded random walk), not real market data.';

/**
 * Demo bars for every session of `market` in [start, end]; by default its whole universe plus its
 * benchmark's symbols.
 */
export function demoBarsForRange(
  start: string,
  end: string,
  symbols?: readonly string[],
  market: Market = US_MARKET,
): DailyBar[] {
  return generateSyntheticBars({
    symbols: symbols ?? symbolsToPrice(market, market.defaultUniverse),
    sessions: market.calendar.sessionsBetween(start, end),
    seed: DEMO_SEED,
    model: syntheticModelFor(market),
  });
}

/**
 * About six months up to the market's last session before today: enough history for a demo run and
 * its charts.
 */
export function defaultDemoRange(today: string, market: Market): DateRange {
  const end = market.calendar.previousSession(today);
  return { start: addDays(end, -182), end };
}
