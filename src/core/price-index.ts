import type { DailyBar } from './bars.js';

/**
 * An immutable index of daily bars, built once per job and shared by every model-day. It holds bars
 * of any date, future ones included, so it is never handed to an agent: only MarketView reads it,
 * and MarketView applies the look-ahead rule on every access.
 */
export class PriceIndex {
  readonly #bySymbol = new Map<string, { dates: string[]; bars: Map<string, DailyBar> }>();

  constructor(bars: readonly DailyBar[]) {
    for (const bar of bars) {
      const symbol = bar.symbol.toUpperCase();
      let entry = this.#bySymbol.get(symbol);
      if (!entry) this.#bySymbol.set(symbol, (entry = { dates: [], bars: new Map() }));
      if (!entry.bars.has(bar.date)) entry.dates.push(bar.date);
      entry.bars.set(bar.date, Object.freeze({ ...bar, symbol }));
    }
    for (const entry of this.#bySymbol.values()) entry.dates.sort();
  }

  symbols(): string[] {
    return [...this.#bySymbol.keys()].sort();
  }

  bar(symbol: string, date: string): DailyBar | undefined {
    return this.#bySymbol.get(symbol)?.bars.get(date);
  }

  /** The latest bar strictly before `date`, whatever the gap (weekends, holidays, halts). */
  latestBefore(symbol: string, date: string): DailyBar | undefined {
    const entry = this.#bySymbol.get(symbol);
    if (!entry) return undefined;
    const { dates } = entry;
    let lo = 0;
    let hi = dates.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((dates[mid] as string) < date) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? undefined : entry.bars.get(dates[lo - 1] as string);
  }
}
