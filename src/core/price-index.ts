import type { DailyBar } from './bars.js';

/**
 * An immutable index of daily bars, built once per job and shared by every model-day. It holds bars
 * of any date, future ones included, so it is never handed to an agent: only MarketView reads it,
 * and MarketView applies the look-ahead rule on every access.
 */
export class PriceIndex {
  /**
   * By symbol: the bars handed in, until the symbol is first asked about and they are indexed. A
   * job's index holds a year of its whole universe, and a model-day asks about a few symbols: indexed
   * all at once, they held the event loop for milliseconds before the job's first day could start.
   * So the bars handed in must not change afterwards: MarketView hands in copies of a caller's.
   */
  readonly #bySymbol = new Map<string, DailyBar[] | SymbolBars>();

  constructor(bars: readonly DailyBar[]) {
    for (const bar of bars) {
      const symbol = bar.symbol.toUpperCase();
      const list = this.#bySymbol.get(symbol) as DailyBar[] | undefined;
      if (list) list.push(bar);
      else this.#bySymbol.set(symbol, [bar]);
    }
  }

  symbols(): string[] {
    return [...this.#bySymbol.keys()].sort();
  }

  bar(symbol: string, date: string): DailyBar | undefined {
    return this.#entry(symbol)?.bars.get(date);
  }

  /** The latest bar strictly before `date`, whatever the gap (weekends, holidays, halts). */
  latestBefore(symbol: string, date: string): DailyBar | undefined {
    const entry = this.#entry(symbol);
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

  #entry(symbol: string): SymbolBars | undefined {
    const held = this.#bySymbol.get(symbol);
    if (!Array.isArray(held)) return held;
    const entry: SymbolBars = { dates: [], bars: new Map() };
    for (const bar of held) {
      if (!entry.bars.has(bar.date)) entry.dates.push(bar.date);
      // The last of two bars of one date wins, as it would in a Map filled in order.
      entry.bars.set(bar.date, Object.freeze({ ...bar, symbol }));
    }
    entry.dates.sort();
    this.#bySymbol.set(symbol, entry);
    return entry;
  }
}

interface SymbolBars {
  /** Ascending. */
  dates: string[];
  bars: Map<string, DailyBar>;
}
