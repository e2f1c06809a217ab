import { fromTicks, toTicks } from './money.js';

/**
 * One model's portfolio: cash in dollars (always a whole number of ticks) and whole-share long
 * holdings keyed by upper-case symbol. A symbol with zero shares has no entry at all, so
 * `Object.keys(holdings)` is exactly the list of positions.
 */
export interface Position {
  cash: number;
  holdings: Readonly<Record<string, number>>;
}

/** The first-day portfolio: all cash, nothing held. */
export function emptyPosition(initialCash: number): Position {
  if (!Number.isFinite(initialCash) || initialCash < 0) {
    throw new RangeError(`initial cash must be a finite amount >= 0, got ${initialCash}`);
  }
  return { cash: fromTicks(toTicks(initialCash)), holdings: {} };
}

/** A deep copy, so a holder can hand out a position without exposing its own state. */
export function clonePosition(position: Position): Position {
  return { cash: position.cash, holdings: { ...position.holdings } };
}

/**
 * A new holdings record with one symbol's quantity replaced; a zero quantity removes the entry.
 * Keys come out sorted so equal portfolios serialise identically whatever the trading order.
 */
export function withHolding(
  holdings: Readonly<Record<string, number>>,
  symbol: string,
  quantity: number,
): Record<string, number> {
  const next: Record<string, number> = {};
  const symbols = new Set([...Object.keys(holdings), symbol]);
  for (const key of [...symbols].sort()) {
    const shares = key === symbol ? quantity : holdings[key];
    if (shares !== undefined && shares !== 0) next[key] = shares;
  }
  return next;
}
