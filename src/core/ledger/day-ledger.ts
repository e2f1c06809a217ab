import { assertValidCostModel, ZERO_COSTS } from './costs.js';
import type { CostModel } from './costs.js';
import { applyOrder } from './orders.js';
import type { Fill, MarketForOrders, OrderResult, OrderSide } from './orders.js';
import { clonePosition } from './position.js';
import type { Position } from './position.js';

/**
 * The running portfolio of one model in one session (a trading day, or one hour of it). Orders
 * apply in the order they arrive, each checked against the position left by the ones before, so a
 * sale's proceeds fund a later buy. Under T+1, what the session buys cannot be sold in it; an hourly
 * session is also handed, as `market.boughtToday`, what its day's earlier sessions bought, since
 * that stays locked until the next trading day.
 */
export class DayLedger {
  #position: Position;
  readonly #market: MarketForOrders;
  readonly #costs: CostModel;
  readonly #fills: Fill[] = [];
  /** What was bought today, by symbol: under T+1 settlement it cannot be sold before the next day. */
  readonly #boughtToday = new Map<string, number>();

  constructor(start: Position, market: MarketForOrders, costs: CostModel = ZERO_COSTS) {
    assertValidCostModel(costs);
    // Private copies: whatever the caller later does to its own objects cannot rewrite this day.
    this.#position = clonePosition(start);
    this.#market = {
      universe: new Set(market.universe),
      opens: new Map(market.opens),
      ...(market.rules ? { rules: { ...market.rules } } : {}),
      ...(market.currency ? { currency: { ...market.currency } } : {}),
      ...(market.intraday === true ? { intraday: true } : {}),
    };
    for (const [symbol, quantity] of market.boughtToday ?? []) {
      this.#boughtToday.set(symbol.toUpperCase(), quantity);
    }
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

  #place(side: OrderSide, symbol: unknown, amount: unknown): OrderResult {
    const market = { ...this.#market, boughtToday: this.#boughtToday };
    const result = applyOrder(this.#position, side, symbol, amount, market, this.#costs);
    // A rejection changes nothing here: it is the order's result, which the caller explains and audits.
    if (result.ok) {
      this.#position = clonePosition(result.position);
      this.#fills.push({ ...result.fill });
      if (side === 'buy') {
        const { symbol: bought, quantity } = result.fill;
        this.#boughtToday.set(bought, (this.#boughtToday.get(bought) ?? 0) + quantity);
      }
    }
    return result;
  }
}
