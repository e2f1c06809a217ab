/**
 * A market's benchmark as a value series: what one unit of it is worth at each close of a period.
 * Pure: the caller loads the bars. The leaderboard scales the series to the models' stake, and
 * alpha and beta read its returns.
 */
import type { DailyBar } from './bars.js';
import type { BenchmarkSpec } from './markets/market.js';
import type { ValueSeries } from './relative-metrics.js';

export interface BenchmarkPrices {
  /** Bars of the benchmark's symbols from the period's first date to its last, any order. */
  bars: readonly DailyBar[];
  /** Each benchmark symbol's last close before the period, where there is one. */
  closesBefore: ReadonlyMap<string, number>;
}

/**
 * `symbol`: bought at its last close before the period (else its first open in it) and held, one
 * share. `basket`: one unit of cash put into the weights at the first session's open on which every
 * coin has a price, each held; the series starts at 1 and is Σ weight × close / entry open. Null
 * without the prices to do that.
 */
export function benchmarkSeries(spec: BenchmarkSpec, prices: BenchmarkPrices): ValueSeries | null {
  return spec.kind === 'symbol' ? symbolSeries(spec.symbol, prices) : basketSeries(spec.weights, prices);
}

function symbolSeries(symbol: string, prices: BenchmarkPrices): ValueSeries | null {
  const bars = byDate(prices.bars.filter((bar) => bar.symbol === symbol));
  const first = bars[0];
  if (first === undefined) return null;
  const entryPrice = prices.closesBefore.get(symbol) ?? first.open;
  if (!(entryPrice > 0)) return null;
  return { startingValue: entryPrice, values: bars.map((b) => ({ date: b.date, value: b.close })) };
}

function basketSeries(
  weights: readonly { symbol: string; weight: number }[],
  prices: BenchmarkPrices,
): ValueSeries | null {
  const dates = new Map<string, Map<string, DailyBar>>();
  const wanted = new Set(weights.map((w) => w.symbol));
  for (const bar of prices.bars) {
    if (!wanted.has(bar.symbol)) continue;
    let day = dates.get(bar.date);
    if (day === undefined) dates.set(bar.date, (day = new Map()));
    day.set(bar.symbol, bar);
  }
  const complete = [...dates]
    .filter(([, day]) => day.size === wanted.size)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const entry = complete[0]?.[1];
  if (entry === undefined) return null;
  // Units of each coin one unit of cash buys at the entry open, in the published weights.
  const held = weights.map(({ symbol, weight }) => ({
    symbol,
    units: weight / (entry.get(symbol) as DailyBar).open,
  }));
  if (!held.every((h) => Number.isFinite(h.units) && h.units > 0)) return null;
  return {
    startingValue: 1,
    values: complete.map(([date, day]) => ({
      date,
      value: held.reduce((sum, h) => sum + h.units * (day.get(h.symbol) as DailyBar).close, 0),
    })),
  };
}

function byDate(bars: readonly DailyBar[]): DailyBar[] {
  return [...bars].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
