export { DOLLARS, TICKS_PER_DOLLAR, formatTicks, fromTicks, toTicks } from './money.js';
export type { MoneyUnit } from './money.js';
export {
  WHOLE_SHARES,
  checkOrderAmount,
  describeQuantity,
  formatUnits,
  fromUnits,
  toUnits,
} from './quantity.js';
export type { QuantityRules } from './quantity.js';
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
  notionalTicks,
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
export { boughtEarlierToday } from './settlement.js';
export type { SessionFills } from './settlement.js';
