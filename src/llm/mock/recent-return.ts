import type { DayState } from './day-state.js';
import { openOf, overnightGap, symbolsOpenToday } from './day-state.js';

/**
 * Return from about five sessions ago to today's open, or the overnight gap when the older close
 * could not be found (a holiday, a new listing): a noisier signal, but the only one left.
 */
export function recentReturn(
  state: DayState,
  symbol: string,
  lookbackCloses: ReadonlyMap<string, number>,
): number | undefined {
  const open = openOf(state, symbol);
  const older = lookbackCloses.get(symbol);
  if (open !== undefined && older !== undefined) return open / older - 1;
  return overnightGap(state, symbol);
}

/**
 * The `count` symbols open today with the biggest (or smallest) overnight gaps. A real model would not
 * look up a hundred histories either: it screens on what the prompt shows, then looks closer.
 */
export function screenByGap(state: DayState, count: number, order: 'highest' | 'lowest'): string[] {
  const sign = order === 'highest' ? -1 : 1;
  return symbolsOpenToday(state)
    .map((symbol) => ({ symbol, gap: overnightGap(state, symbol) }))
    .filter((entry): entry is { symbol: string; gap: number } => entry.gap !== undefined)
    .sort((a, b) => sign * (a.gap - b.gap) || a.symbol.localeCompare(b.symbol))
    .slice(0, count)
    .map((entry) => entry.symbol);
}

/** Held symbols that trade today, sorted: the only holdings an order can touch. */
export function holdingsOpenToday(state: DayState): string[] {
  return [...state.holdings.keys()].filter((symbol) => openOf(state, symbol) !== undefined).sort();
}

/** Symbols ranked by recent return, best first (or worst first), ties by symbol so ranks are stable. */
export function rankByReturn(
  state: DayState,
  symbols: readonly string[],
  lookbackCloses: ReadonlyMap<string, number>,
  order: 'best' | 'worst',
): { symbol: string; change: number }[] {
  const sign = order === 'best' ? -1 : 1;
  return symbols
    .map((symbol) => ({ symbol, change: recentReturn(state, symbol, lookbackCloses) }))
    .filter((entry): entry is { symbol: string; change: number } => entry.change !== undefined)
    .sort((a, b) => sign * (a.change - b.change) || a.symbol.localeCompare(b.symbol));
}

/** `+4.1%` style, for rationales. */
export function percent(change: number): string {
  return `${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}%`;
}

/** Order-preserving union, so a holding that is also a screen pick is looked up once. */
export function unique(...lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())];
}
