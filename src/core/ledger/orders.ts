import { describeValue } from '../describe-value.js';
import {
  assertValidCostModel,
  buyCostTicks,
  commissionTicks,
  fillPriceTicks,
  maxAffordableShares,
  ZERO_COSTS,
} from './costs.js';
import type { CostModel } from './costs.js';
import { formatTicks, fromTicks, toTicks } from './money.js';
import { withHolding } from './position.js';
import type { Position } from './position.js';

export type OrderSide = 'buy' | 'sell';

export type RejectionCode =
  | 'insufficient_cash'
  | 'insufficient_shares'
  | 'no_position'
  | 'unknown_symbol'
  | 'untradable_symbol'
  | 'invalid_amount';

/** Why an order did nothing; the message is written for the model that placed it. */
export interface OrderRejection {
  code: RejectionCode;
  message: string;
}

export interface Fill {
  side: OrderSide;
  symbol: string;
  quantity: number;
  /** Per share, slippage included. */
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
  if (!isWholeShareCount(amount)) {
    return reject(
      'invalid_amount',
      `Invalid amount ${describeValue(amount)}: the amount must be a whole number of shares, at least 1.`,
    );
  }
  return side === 'buy'
    ? buy(position, ticker, amount, market, costs)
    : sell(position, ticker, amount, market, costs);
}

function buy(
  position: Position,
  symbol: string,
  quantity: number,
  market: MarketForOrders,
  costs: CostModel,
): OrderResult {
  const openTicks = openTicksOf(market, symbol);
  if (openTicks === null) return untradable(symbol);

  const priceTicks = fillPriceTicks('buy', openTicks, costs);
  const cashTicks = toTicks(position.cash);
  const needed = buyCostTicks(quantity, priceTicks, costs);
  if (needed > BigInt(cashTicks)) {
    const affordable = maxAffordableShares(cashTicks, priceTicks, costs);
    return reject(
      'insufficient_cash',
      `Insufficient cash to buy ${quantity} ${symbol} at ${formatTicks(priceTicks)} per share: ` +
        `needs ${formatTicks(needed)}, available ${formatTicks(cashTicks)}. ` +
        `You can afford at most ${affordable} ${shares(affordable)}.`,
    );
  }

  // Having passed the cash check, every amount below is at most the cash held, so plain numbers are exact.
  const notionalTicks = quantity * priceTicks;
  const feeTicks = Number(needed) - notionalTicks;
  const sharesAfter = (position.holdings[symbol] ?? 0) + quantity;
  return filled(position, {
    side: 'buy',
    symbol,
    quantity,
    priceTicks,
    notionalTicks,
    feeTicks,
    cashAfterTicks: cashTicks - Number(needed),
    sharesAfter,
  });
}

function sell(
  position: Position,
  symbol: string,
  quantity: number,
  market: MarketForOrders,
  costs: CostModel,
): OrderResult {
  const held = position.holdings[symbol] ?? 0;
  if (held === 0) return reject('no_position', `Cannot sell ${symbol}: you hold no shares of it.`);
  if (quantity > held) {
    return reject(
      'insufficient_shares',
      `Cannot sell ${quantity} ${symbol}: you hold only ${held} ${shares(held)}.`,
    );
  }
  const openTicks = openTicksOf(market, symbol);
  if (openTicks === null) return untradable(symbol);

  const priceTicks = fillPriceTicks('sell', openTicks, costs);
  const notionalTicks = quantity * priceTicks;
  const feeTicks = commissionTicks(notionalTicks, costs);
  return filled(position, {
    side: 'sell',
    symbol,
    quantity,
    priceTicks,
    notionalTicks,
    feeTicks,
    cashAfterTicks: toTicks(position.cash) + notionalTicks - feeTicks,
    sharesAfter: held - quantity,
  });
}

interface FillInTicks {
  side: OrderSide;
  symbol: string;
  quantity: number;
  priceTicks: number;
  notionalTicks: number;
  feeTicks: number;
  cashAfterTicks: number;
  sharesAfter: number;
}

function filled(position: Position, fill: FillInTicks): OrderResult {
  const cashAfter = fromTicks(fill.cashAfterTicks);
  return {
    ok: true,
    fill: {
      side: fill.side,
      symbol: fill.symbol,
      quantity: fill.quantity,
      price: fromTicks(fill.priceTicks),
      notional: fromTicks(fill.notionalTicks),
      commission: fromTicks(fill.feeTicks),
      cashAfter,
      sharesAfter: fill.sharesAfter,
    },
    position: { cash: cashAfter, holdings: withHolding(position.holdings, fill.symbol, fill.sharesAfter) },
  };
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

/** A JavaScript number that is an integer of at least 1 and small enough to be exact. */
function isWholeShareCount(amount: unknown): amount is number {
  return typeof amount === 'number' && Number.isSafeInteger(amount) && amount >= 1;
}

function shares(count: number): string {
  return count === 1 ? 'share' : 'shares';
}
