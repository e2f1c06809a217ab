/**
 * T+1 across hourly sessions: A-shares bought at 10:30 cannot be sold at 11:30 or 14:00 the same
 * day, only from the next trading day on (the benchmark's A-share hourly trading counts a day's
 * buys by the date part of its session labels). Each session has its own ledger, so what the day's
 * earlier sessions bought is handed to the next one's ledger as `boughtToday`.
 */
import { sessionDate, sessionFrequency } from '../session-keys.js';
import type { Fill } from './orders.js';

export interface SessionFills {
  /** The session's key (`YYYY-MM-DD HH:MM:SS` for an hour). */
  session: string;
  fills: readonly Pick<Fill, 'side' | 'symbol' | 'quantity'>[];
}

/**
 * What the sessions of `session`'s trading day before it bought, by symbol. Empty for a daily
 * session: a day is its own only session, so nothing earlier shares its date.
 */
export function boughtEarlierToday(session: string, earlier: readonly SessionFills[]): Map<string, number> {
  const bought = new Map<string, number>();
  if (sessionFrequency(session) === 'daily') return bought;
  const day = sessionDate(session);
  for (const { session: other, fills } of earlier) {
    if (other.length !== session.length || other >= session || sessionDate(other) !== day) continue;
    for (const { side, symbol, quantity } of fills) {
      if (side !== 'buy') continue;
      // Quantities sit on a 4-decimal grid at most; summing there keeps float residue out.
      const total = Math.round(((bought.get(symbol) ?? 0) + quantity) * 10_000) / 10_000;
      bought.set(symbol, total);
    }
  }
  return bought;
}
