import { calendarDaysBetween } from './dates.js';
import { fromTicks, toTicks } from './ledger/money.js';
import type { Position } from './ledger/position.js';
import { isSessionKey, sessionDate } from './session-keys.js';

export interface PositionValue {
  /** Cash plus holdings. */
  value: number;
  holdingsValue: number;
  /** Held symbols valued at the caller's fallback (last known close) because `prices` lacked them. */
  fallbackUsed: string[];
  /** Held symbols with no price anywhere; they count as zero, and the caller should say so. */
  unpriced: string[];
}

/** Every market's quantities have at most this many decimals (crypto: 4; shares: none). */
const QUANTITY_SCALE = 10_000n;

/**
 * Marks a portfolio to market: at decision time pass today's opens, at the end of the day today's
 * closes. Summed exactly (quantities on a 4-decimal grid times prices in ticks) and rounded to the
 * nearest tick once, so whole-share portfolios are exact and fractional ones off by under a tick.
 */
export function valuePosition(
  position: Position,
  prices: ReadonlyMap<string, number>,
  fallback: ReadonlyMap<string, number> = new Map(),
): PositionValue {
  let scaledTicks = 0n;
  const fallbackUsed: string[] = [];
  const unpriced: string[] = [];
  for (const symbol of Object.keys(position.holdings).sort()) {
    const quantity = position.holdings[symbol] ?? 0;
    let price = usablePrice(prices.get(symbol));
    if (price === undefined) {
      price = usablePrice(fallback.get(symbol));
      (price === undefined ? unpriced : fallbackUsed).push(symbol);
    }
    if (price !== undefined) {
      scaledTicks += BigInt(Math.round(quantity * Number(QUANTITY_SCALE))) * BigInt(toTicks(price));
    }
  }
  const holdingsTicks = Number((scaledTicks + QUANTITY_SCALE / 2n) / QUANTITY_SCALE);
  return {
    value: fromTicks(toTicks(position.cash) + holdingsTicks),
    holdingsValue: fromTicks(holdingsTicks),
    fallbackUsed,
    unpriced,
  };
}

function usablePrice(price: number | undefined): number | undefined {
  return price !== undefined && Number.isFinite(price) ? price : undefined;
}

export interface DailyPnlInput {
  endingValue: number;
  /** The previous committed day's ending value; null on the model's first day. */
  previousEndingValue: number | null;
  initialCash: number;
}

/**
 * The day's profit against the previous ending value (or the initial cash on the first day), and
 * that profit as a percentage of the same base. Profit is exact to the tick; the percentage is full
 * precision and only rounded for display. A zero base yields 0% rather than a non-finite number.
 */
export function dailyPnl(input: DailyPnlInput): { profit: number; returnPct: number } {
  const baseTicks = toTicks(input.previousEndingValue ?? input.initialCash);
  const profitTicks = toTicks(input.endingValue) - baseTicks;
  return {
    profit: fromTicks(profitTicks),
    returnPct: baseTicks === 0 ? 0 : (profitTicks / baseTicks) * 100,
  };
}

/**
 * Calendar days from the model's previous committed session to session `date` (a day, or an hourly
 * label: hours of one day are 0 apart); 0 on its first session.
 */
export function daysSinceLastTrading(previousDate: string | null, date: string): number {
  if (!isSessionKey(date)) throw new RangeError(`not a valid YYYY-MM-DD date: ${JSON.stringify(date)}`);
  if (previousDate === null) return 0;
  // sessionDate throws on a malformed key: keys here come from the system, not a model.
  const days = calendarDaysBetween(sessionDate(previousDate), sessionDate(date));
  if (days < 0 || (days === 0 && previousDate > date)) {
    throw new RangeError(`previous trading day ${previousDate} is after ${date}`);
  }
  return days;
}
