export { TICKS_PER_DOLLAR, formatTicks, fromTicks, toTicks } from './money.js';
export { clonePosition, emptyPosition } from './position.js';
export type { Position } from './position.js';
export {
  ZERO_COSTS,
  assertValidCostModel,
  buyCostTicks,
  commission,
  commissionTicks,
  fillPrice,
  fillPriceTicks,
  maxAffordableShares,
} from './costs.js';
export type { CostModel } from './costs.js';
export { applyOrder } from './orders.js';
export type {
  Fill,
  MarketForOrders,
  OrderRejection,
  OrderResult,
  OrderSide,
  RejectionCode,
} from './orders.js';
export { DayLedger } from './day-ledger.js';
