import type { MockStrategyName } from '../../config/app-config.js';
import type { OrderSide } from '../../core/ledger/orders.js';
import type { DayState } from './day-state.js';

export interface MockOrder {
  side: OrderSide;
  symbol: string;
  /** On the market's grid the prompt states: whole shares, lots, or 4 decimal places. */
  amount: number;
}

export interface Decision {
  /** Sells before buys, so the day's proceeds fund the buys. */
  orders: MockOrder[];
  /** A sentence or two explaining the orders, written into the conversation like a model's reasoning. */
  rationale: string;
}

export interface DecisionInput {
  state: DayState;
  /** Close about five sessions before today, for the symbols whose lookup succeeded. */
  lookbackCloses: ReadonlyMap<string, number>;
  seed: number;
  signature: string;
}

/**
 * A trading rule standing in for a model. Pure: the same input always gives the same decision,
 * because the runner may replay or resume a conversation and the mock has no memory across calls.
 */
export interface MockStrategy {
  readonly name: MockStrategyName;
  /** Why it trades the way it does, in one sentence, for summaries. */
  readonly thesis: string;
  /** Symbols whose older close it wants before deciding; empty when the prompt alone is enough. */
  lookbackSymbols(state: DayState): string[];
  decide(input: DecisionInput): Decision;
}
