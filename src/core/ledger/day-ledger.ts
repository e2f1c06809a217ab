import { assertValidCostModel, ZERO_COSTS } from './costs.js';
import type { CostModel } from './costs.js';
import { applyOrder } from './orders.js';
import type { Fill, MarketForOrders, OrderRejection, OrderResult, OrderSide } from './orders.js';
import { clonePosition } from './position.js';
import type { Position } from './position.js';

/**
 * The running portfolio of one model on one trading day. Orders apply in the order they arrive,
 * each checked against the position left by the ones before, so a sale's proceeds fund a later buy.
 */
export class DayLedger {
  #position: Position;
  readonly #market: MarketForOrders;
  readonly #costs: CostModel;
  readonly #fills: Fill[] = [];
  readonly #rejections: OrderRejection[] = [];

  constructor(start: Position, market: MarketForOrders, costs: CostModel = ZERO_COSTS) {
    assertValidCostModel(costs);
    // Private copies: whatever the caller later does to its own objects cannot rewrite this day.
    this.#position = clonePosition(start);
    this.#market = { universe: new Set(market.universe), opens: new Map(market.opens) };
    this.#costs = { commissionBps: costs.commissionBps, slippageBps: costs.slippageBps };
  }

  buy(symbol: unknown, amount: unknown): OrderResult {
    return this.#place('buy', symbol, amount);
  }

  sell(symbol: unknown, amount: unknown): OrderResult {
    return this.#place('sell', symbol, amount);
  }

  get position(): Position {
    return clonePosition(this.#position);
  }

  get fills(): readonly Fill[] {
    return this.#fills.map((fill) => ({ ...fill }));
  }

  get rejections(): readonly OrderRejection[] {
    return this.#rejections.map((rejection) => ({ ...rejection }));
  }

  #place(side: OrderSide, symbol: unknown, amount: unknown): OrderResult {
    const result = applyOrder(this.#position, side, symbol, amount, this.#market, this.#costs);
    if (result.ok) {
      this.#position = clonePosition(result.position);
      this.#fills.push({ ...result.fill });
    } else {
      this.#rejections.push({ ...result.rejection });
    }
    return result;
  }
}
