import { describeValue } from '../describe-value.js';
import {
  assertValidCostModel,
  buyCostTicks,
  commissionTicks,
  fillPriceTicks,
  maxAffordableShares,
  notionalTicks,
  ZERO_COSTS,
} from './costs.js';
import type { CostModel } from './costs.js';
import { DOLLARS, formatTicks, fromTicks, toTicks, type MoneyUnit } from './money.js';
import { withHolding } from './position.js';
import type { Position } from './position.js';
import {
  checkOrderAmount,
  describeQuantity,
  fromUnits,
  lotUnits,
  toUnits,
  unitScale,
  WHOLE_SHARES,
  type QuantityRules,
} from './quantity.js';

export type OrderSide = 'buy' | 'sell';

export type RejectionCode =
  | 'insufficient_cash'
  | 'insufficient_shares'
  | 'no_position'
  | 'unknown_symbol'
  | 'untradable_symbol'
  | 'invalid_amount'
  /** A fractional amount finer than the market's quantity grid (crypto: 4 decimals). */
  | 'too_many_decimals'
  /** Not a whole number of lots (A-shares: 100 shares). */
  | 'lot_size'
  /** A sale of what was bought in the same session, where settlement is T+1. */
  | 't_plus_1';

/** Why an order did nothing; the message is written for the model that placed it. */
export interface OrderRejection {
  code: RejectionCode;
  message: string;
}

export interface Fill {
  side: OrderSide;
  symbol: string;
  quantity: number;
  /** Per share (or unit), slippage included. */
  price: number;
  notional: number;
  commission: number;
  cashAfter: number;
  sharesAfter: number;
}

export type OrderResult =
  { ok: true; fill: Fill; position: Position } | { ok: false; rejection: OrderRejection };

/** What an order needs to know about the market on its day. Keys are upper-case symbols. */
export interface MarketForOrders {
  universe: ReadonlySet<string>;
  /** Today's opens of the tradable symbols. */
  opens: ReadonlyMap<string, number>;
  /** Quantity grid, lots and settlement; whole shares when absent. */
  rules?: QuantityRules;
  /** How cash is written in messages; dollars when absent. */
  currency?: MoneyUnit;
  /**
   * Quantities bought earlier today, by symbol: under T+1 they cannot be sold today. In an hourly
   * session that includes what the day's earlier sessions bought (see DayLedger).
   */
  boughtToday?: ReadonlyMap<string, number>;
  /**
   * True when the session is one of several in its trading day (hourly): what T+1 locks is sellable
   * from the next trading day, not the next session, and the refusal says so.
   */
  intraday?: boolean;
}

interface OrderContext {
  rules: QuantityRules;
  currency: MoneyUnit;
  costs: CostModel;
  market: MarketForOrders;
}

/**
 * Fills one market order at today's open against `position`, or rejects it leaving everything as
 * it was. Symbol and amount are `unknown` because they arrive straight from a model's tool call.
 * Never mutates `position`; the returned position is a new object.
 */
export function applyOrder(
  position: Position,
  side: OrderSide,
  symbol: unknown,
  amount: unknown,
  market: MarketForOrders,
  costs: CostModel = ZERO_COSTS,
): OrderResult {
  if (side !== 'buy' && side !== 'sell') {
    throw new TypeError(`order side must be 'buy' or 'sell', got ${String(side)}`);
  }
  assertValidCostModel(costs);

  const ticker = normaliseSymbol(symbol);
  if (ticker === null || !market.universe.has(ticker)) {
    return reject(
      'unknown_symbol',
      `Unknown symbol ${describeValue(symbol)}: it is not in the tradable universe.`,
    );
  }
  const context: OrderContext = {
    rules: market.rules ?? WHOLE_SHARES,
    currency: market.currency ?? DOLLARS,
    costs,
    market,
  };
  const quantity = checkOrderAmount(amount, context.rules);
  if (!quantity.ok) return reject(quantity.code, quantity.message);
  return side === 'buy'
    ? buy(position, ticker, quantity.units, context)
    : sell(position, ticker, quantity.units, context);
}

function buy(position: Position, symbol: string, units: bigint, context: OrderContext): OrderResult {
  const { rules, currency, costs } = context;
  const openTicks = openTicksOf(context.market, symbol);
  if (openTicks === null) return untradable(symbol);

  const scale = unitScale(rules);
  const priceTicks = fillPriceTicks('buy', openTicks, costs);
  const cashTicks = toTicks(position.cash);
  const needed = buyCostTicks(units, priceTicks, costs, scale);
  if (needed > BigInt(cashTicks)) {
    const affordable = BigInt(maxAffordableShares(cashTicks, priceTicks, costs, scale, lotUnits(rules)));
    return reject(
      'insufficient_cash',
      `Insufficient cash to buy ${describeQuantity(units, rules, 'bare')} ${symbol} at ` +
        `${formatTicks(priceTicks, currency)} per ${rules.unit.one}: ` +
        `needs ${formatTicks(needed, currency)}, available ${formatTicks(cashTicks, currency)}. ` +
        `You can afford at most ${describeQuantity(affordable, rules)}.`,
    );
  }

  // Having passed the cash check, every amount below is at most the cash held, so plain numbers are exact.
  const notional = Number(notionalTicks(units, priceTicks, scale, 'buy'));
  const feeTicks = Number(needed) - notional;
  return filled(position, rules, {
    side: 'buy',
    symbol,
    units,
    priceTicks,
    notionalTicks: notional,
    feeTicks,
    cashAfterTicks: cashTicks - Number(needed),
    unitsAfter: heldUnits(position, symbol, rules) + units,
  });
}

function sell(position: Position, symbol: string, units: bigint, context: OrderContext): OrderResult {
  const { rules, costs } = context;
  const held = heldUnits(position, symbol, rules);
  if (held === 0n) {
    return reject('no_position', `Cannot sell ${symbol}: you hold no ${rules.unit.many} of it.`);
  }
  if (units > held) {
    return reject(
      'insufficient_shares',
      `Cannot sell ${describeQuantity(units, rules, 'bare')} ${symbol}: you hold only ${describeQuantity(held, rules)}.`,
    );
  }
  if (rules.settlement === 'T+1') {
    const locked = toUnits(context.market.boughtToday?.get(symbol) ?? 0, rules);
    if (units > held - locked) {
      const sellable = held - locked;
      return reject(
        't_plus_1',
        `Cannot sell ${describeQuantity(units, rules, 'bare')} ${symbol} today: ${describeQuantity(locked, rules)} ` +
          `of it ${locked === unitScale(rules) ? 'was' : 'were'} bought today and can be sold from the next ` +
          `${context.market.intraday === true ? 'trading day' : 'session'} on (T+1 settlement); ` +
          `you can sell at most ${describeQuantity(sellable, rules)} today.`,
      );
    }
  }
  const openTicks = openTicksOf(context.market, symbol);
  if (openTicks === null) return untradable(symbol);

  const priceTicks = fillPriceTicks('sell', openTicks, costs);
  const notional = Number(notionalTicks(units, priceTicks, unitScale(rules), 'sell'));
  const feeTicks = commissionTicks(notional, costs);
  return filled(position, rules, {
    side: 'sell',
    symbol,
    units,
    priceTicks,
    notionalTicks: notional,
    feeTicks,
    cashAfterTicks: toTicks(position.cash) + notional - feeTicks,
    unitsAfter: held - units,
  });
}

interface FillInTicks {
  side: OrderSide;
  symbol: string;
  units: bigint;
  priceTicks: number;
  notionalTicks: number;
  feeTicks: number;
  cashAfterTicks: number;
  unitsAfter: bigint;
}

function filled(position: Position, rules: QuantityRules, fill: FillInTicks): OrderResult {
  const cashAfter = fromTicks(fill.cashAfterTicks);
  const sharesAfter = fromUnits(fill.unitsAfter, rules);
  return {
    ok: true,
    fill: {
      side: fill.side,
      symbol: fill.symbol,
      quantity: fromUnits(fill.units, rules),
      price: fromTicks(fill.priceTicks),
      notional: fromTicks(fill.notionalTicks),
      commission: fromTicks(fill.feeTicks),
      cashAfter,
      sharesAfter,
    },
    position: { cash: cashAfter, holdings: withHolding(position.holdings, fill.symbol, sharesAfter) },
  };
}

function heldUnits(position: Position, symbol: string, rules: QuantityRules): bigint {
  return toUnits(position.holdings[symbol] ?? 0, rules);
}

/** Today's open in ticks, or null when the symbol cannot trade (no bar, or a price that is no price). */
function openTicksOf(market: MarketForOrders, symbol: string): number | null {
  const open = market.opens.get(symbol);
  if (open === undefined) return null;
  const ticks = toTicks(open);
  return Number.isSafeInteger(ticks) && ticks > 0 ? ticks : null;
}

function untradable(symbol: string): OrderResult {
  return reject(
    'untradable_symbol',
    `${symbol} cannot be traded today: it has no opening price for this date.`,
  );
}

function reject(code: RejectionCode, message: string): OrderResult {
  return { ok: false, rejection: { code, message } };
}

function normaliseSymbol(symbol: unknown): string | null {
  if (typeof symbol !== 'string') return null;
  const trimmed = symbol.trim().toUpperCase();
  return trimmed === '' ? null : trimmed;
}
