import { FINISH_SIGNAL } from '../../core/prompt.js';
import type { PriceRequest } from './lookback.js';
import type { Decision } from './strategy.js';
import type { CallRecord } from './transcript.js';
import { orderOf, succeeded } from './transcript.js';

/** What the mock says while it gathers history. */
export function lookupText(requests: readonly PriceRequest[]): string {
  const symbols = requests.map((request) => request.symbol).join(', ');
  return `Checking closes from about a week ago before deciding: ${symbols}.`;
}

/** The day's last message: the reasoning, what came of the orders, and the stop word. */
export function finishText(decision: Decision, orderCalls: readonly CallRecord[]): string {
  const filled = orderCalls.filter(succeeded).length;
  const outcome =
    orderCalls.length === 0 ? 'No orders today.' : `${filled} of ${orderCalls.length} orders filled.`;
  return `${decision.rationale} ${outcome} ${FINISH_SIGNAL}`;
}

/** The end-of-day summary: the trades that actually filled, why, and any rejections. */
export function summaryText(thesis: string, orderCalls: readonly CallRecord[]): string {
  const sold = describeFilled(orderCalls, 'sell');
  const bought = describeFilled(orderCalls, 'buy');
  const rejected = orderCalls.filter((call) => !succeeded(call)).length;

  const trades = [sold && `sold ${sold}`, bought && `bought ${bought}`].filter(Boolean).join(' and ');
  const sentences = [trades === '' ? 'I made no trades today.' : `Today I ${trades}.`, thesis];
  if (rejected > 0) sentences.push(`${rejected} of my orders ${rejected === 1 ? 'was' : 'were'} rejected.`);
  return sentences.join(' ');
}

/** `3 AAPL, 2 MSFT` for the filled orders of one side, or '' when there are none. */
function describeFilled(orderCalls: readonly CallRecord[], side: 'buy' | 'sell'): string {
  return orderCalls
    .filter((call) => call.name === side && succeeded(call))
    .map(orderOf)
    .filter((order) => order !== undefined)
    .map((order) => `${order.amount} ${order.symbol}`)
    .join(', ');
}
