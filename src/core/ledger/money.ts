/**
 * Money is held as integer ticks of $0.0001 so that sums, differences and share multiples are exact;
 * prices never carry more than four decimals, so every amount the ledger produces is a whole tick.
 * Dollars (plain numbers) are only the outward-facing representation.
 */
export const TICKS_PER_DOLLAR = 10_000;

/** Dollars to the nearest whole tick. */
export function toTicks(dollars: number): number {
  return Math.round(dollars * TICKS_PER_DOLLAR);
}

/** Whole ticks back to dollars (the nearest double to the exact decimal). */
export function fromTicks(ticks: number): number {
  return ticks / TICKS_PER_DOLLAR;
}

/** How amounts are written: `$12.50`, `¥12.50`, or with no symbol `12.50 USDT`. */
export interface MoneyUnit {
  code: string;
  symbol: string;
}

export const DOLLARS: Readonly<MoneyUnit> = Object.freeze({ code: 'USD', symbol: '$' });

/**
 * An exact amount string for messages a model reads, e.g. `$9192.175`, `$1.00`, `-$0.0001`.
 * Shows at least cents and at most the four tick decimals; takes a bigint so amounts too large
 * for a double (a buy of absurdly many shares) are still printed exactly.
 */
export function formatTicks(ticks: number | bigint, currency: MoneyUnit = DOLLARS): string {
  const value = typeof ticks === 'bigint' ? ticks : BigInt(Math.round(ticks));
  const sign = value < 0n ? '-' : '';
  const magnitude = value < 0n ? -value : value;
  const perDollar = BigInt(TICKS_PER_DOLLAR);
  const whole = magnitude / perDollar;
  const fraction = (magnitude % perDollar)
    .toString()
    .padStart(4, '0')
    .replace(/0{1,2}$/, '');
  const digits = `${whole}.${fraction}`;
  return currency.symbol === '' ? `${sign}${digits} ${currency.code}` : `${sign}${currency.symbol}${digits}`;
}
