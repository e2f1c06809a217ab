/** The synthetic dataset the demo runs on when no real prices are available. */
import type { DailyBar } from '../../core/bars.js';
import { tradingDaysBetween } from '../../core/calendar.js';
import { BENCHMARK_SYMBOL, NASDAQ_100_SYMBOLS } from '../../core/universe.js';
import { generateSyntheticBars } from './synthetic-bars.js';

/** Changing it changes every demo price, and with them every recorded demo result. */
export const DEMO_SEED = 20_250_102;

export const DEMO_DISCLAIMER = 'Synthetic demo prices (seeded random walk), not real market data.';

/** Demo bars for every NYSE session in [start, end]; by default the whole universe plus the benchmark. */
export function demoBarsForRange(
  start: string,
  end: string,
  symbols: readonly string[] = [...NASDAQ_100_SYMBOLS, BENCHMARK_SYMBOL],
): DailyBar[] {
  return generateSyntheticBars({ symbols, sessions: tradingDaysBetween(start, end), seed: DEMO_SEED });
}
