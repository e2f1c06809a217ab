import { addDays, dayOfWeek } from '../../core/dates.js';
import type { CallRecord } from './transcript.js';
import { closeFromResult } from './transcript.js';

/** About five sessions back: the same weekday a week earlier. */
export const LOOKBACK_CALENDAR_DAYS = 7;
/** A holiday (or a gap in the data) costs a retry; after this many the strategy falls back to the gap. */
export const MAX_LOOKBACK_TRIES = 3;

export interface PriceRequest {
  symbol: string;
  date: string;
}

export interface LookbackStatus {
  /** Close about a week before today, by symbol, for the lookups that succeeded. */
  closes: ReadonlyMap<string, number>;
  /** Lookups still worth making: first tries, and retries one weekday earlier after a refusal. */
  pending: PriceRequest[];
}

/**
 * Where each symbol's search for an older close stands, derived only from the get_price_local calls
 * already in the conversation, so a replayed or resumed conversation arrives at the same place.
 */
export function lookbackStatus(
  today: string,
  symbols: readonly string[],
  calls: readonly CallRecord[],
): LookbackStatus {
  const attempts = new Map<string, CallRecord[]>();
  for (const call of calls) {
    if (call.name !== 'get_price_local' || typeof call.args['symbol'] !== 'string') continue;
    const symbol = call.args['symbol'].toUpperCase();
    const list = attempts.get(symbol);
    if (list) list.push(call);
    else attempts.set(symbol, [call]);
  }

  const closes = new Map<string, number>();
  const pending: PriceRequest[] = [];
  // Every symbol on its n-th try asks for the same date; computing it once keeps a call cheap.
  const dates: string[] = [];
  for (const symbol of symbols) {
    const tries = attempts.get(symbol) ?? [];
    const close = tries.map(closeFromResult).find((value) => value !== undefined);
    if (close !== undefined) closes.set(symbol, close);
    else if (tries.length < MAX_LOOKBACK_TRIES) {
      const date = (dates[tries.length] ??= lookbackDate(today, tries.length));
      pending.push({ symbol, date });
    }
  }
  return { closes, pending };
}

/** The date of the `attempt`-th try (0-based): a week back, then one weekday earlier per retry. */
export function lookbackDate(today: string, attempt: number): string {
  let date = addDays(today, -LOOKBACK_CALENDAR_DAYS);
  for (let i = 0; i < attempt; i++) date = previousWeekday(date);
  return date;
}

function previousWeekday(date: string): string {
  let day = addDays(date, -1);
  // Nobody asks a stock exchange for a Sunday close.
  while (dayOfWeek(day) === 0 || dayOfWeek(day) === 6) day = addDays(day, -1);
  return day;
}
