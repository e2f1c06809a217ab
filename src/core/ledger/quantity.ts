/**
 * Quantities as exact integers: a market's quantities have a fixed number of decimals (0 for shares,
 * 4 for crypto), so each is a whole number of units of 10^-decimals. Like money in ticks, units keep
 * every sum and difference exact; plain numbers are only the outward-facing form.
 */
import { describeValue } from '../describe-value.js';

/** What the ledger needs of a market's order rules (see `OrderRules` in core/markets). */
export interface QuantityRules {
  quantityDecimals: number;
  lotSize: number;
  settlement: 'T+0' | 'T+1';
  unit: { one: string; many: string };
}

/** Whole shares, no lots, same-session sales: the US market's rules and the ledger's default. */
export const WHOLE_SHARES: Readonly<QuantityRules> = Object.freeze({
  quantityDecimals: 0,
  lotSize: 1,
  settlement: 'T+0',
  unit: Object.freeze({ one: 'share', many: 'shares' }),
});

/** 10^decimals as a bigint: how many units make one. */
export function unitScale(rules: QuantityRules): bigint {
  return 10n ** BigInt(rules.quantityDecimals);
}

/** The lot in units (100 for A-shares, 1 elsewhere). */
export function lotUnits(rules: QuantityRules): bigint {
  return BigInt(Math.round(rules.lotSize * 10 ** rules.quantityDecimals));
}

/** A held quantity (always on the market's grid) in units. */
export function toUnits(quantity: number, rules: QuantityRules): bigint {
  return BigInt(Math.round(quantity * 10 ** rules.quantityDecimals));
}

/** Units back to a quantity (the nearest double to the exact decimal). */
export function fromUnits(units: bigint, rules: QuantityRules): number {
  return Number(units) / 10 ** rules.quantityDecimals;
}

/**
 * A quantity for a model to read: `3 shares`, `0.1817 units`, `1 share`; `bare` leaves the unit off
 * where a symbol follows (`buy 3 AAPL`).
 */
export function describeQuantity(
  units: bigint,
  rules: QuantityRules,
  style: 'named' | 'bare' = 'named',
): string {
  const number = formatUnits(units, rules);
  if (style === 'bare') return number;
  return `${number} ${units === unitScale(rules) ? rules.unit.one : rules.unit.many}`;
}

/** Exact decimal text of a quantity in units: `0.1817`, `200`. */
export function formatUnits(units: bigint, rules: QuantityRules): string {
  const scale = unitScale(rules);
  const whole = units / scale;
  if (rules.quantityDecimals === 0) return whole.toString();
  const fraction = (units % scale).toString().padStart(rules.quantityDecimals, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}

export type AmountCheck =
  | { ok: true; units: bigint }
  | { ok: false; code: 'invalid_amount' | 'too_many_decimals' | 'lot_size'; message: string };

/**
 * Reads an order's amount as it arrives from a model (anything at all) against the market's rules:
 * a positive number on the quantity grid, in whole lots. The message names the rule broken.
 */
export function checkOrderAmount(amount: unknown, rules: QuantityRules): AmountCheck {
  const shown = describeValue(amount);
  const { unit } = rules;
  if (rules.quantityDecimals === 0) {
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 1) {
      return {
        ok: false,
        code: 'invalid_amount',
        message: `Invalid amount ${shown}: the amount must be a whole number of ${unit.many}, at least 1.`,
      };
    }
  } else {
    const smallest = formatUnits(1n, rules);
    if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0 || amount >= 1e15) {
      return {
        ok: false,
        code: 'invalid_amount',
        message: `Invalid amount ${shown}: the amount must be a positive number of ${unit.many}, at least ${smallest}.`,
      };
    }
    // The decimal spelling decides, not the binary double: 0.1817 is on a 4-decimal grid.
    if (Number(amount.toFixed(rules.quantityDecimals)) !== amount) {
      return {
        ok: false,
        code: 'too_many_decimals',
        message:
          `Invalid amount ${shown}: amounts have at most ${rules.quantityDecimals} decimal places ` +
          `(the smallest step is ${smallest} ${unit.one}).`,
      };
    }
  }
  const units = toUnits(amount, rules);
  const lot = lotUnits(rules);
  if (units < lot || units % lot !== 0n) {
    const below = (units / lot) * lot;
    const options =
      below > 0n
        ? `${formatUnits(below, rules)} or ${formatUnits(below + lot, rules)}`
        : formatUnits(lot, rules);
    return {
      ok: false,
      code: 'lot_size',
      message:
        `Invalid amount ${shown}: this market trades in lots of ${describeQuantity(lot, rules)}; ` +
        `use a multiple of ${formatUnits(lot, rules)}, e.g. ${options}.`,
    };
  }
  return { ok: true, units };
}
