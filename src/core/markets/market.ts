/**
 * A market the arena trades, as one definition: everything that differs between NASDAQ-100, China
 * A-shares and crypto lives here, and the ledger, the look-ahead guard, the agent's prompt and tools,
 * valuation and metrics take their rules from it. Nothing else branches on a market's name, so a
 * new market is one new definition (plus where its prices come from).
 */
import type { TradingCalendar } from '../trading-calendar.js';

export const MARKET_IDS = ['us', 'cn', 'crypto'] as const;
export type MarketId = (typeof MARKET_IDS)[number];

export interface Currency {
  /** ISO-style code shown beside amounts: USD, CNY, USDT. */
  code: string;
  /** Written before an amount (`$`, `¥`), or empty when the code follows it (`12.50 USDT`). */
  symbol: string;
  /** Decimals cash is shown with to an agent and on the dashboard (it is kept to 4 everywhere). */
  decimals: number;
}

/** What an order's quantity may be, and when what was bought may be sold. */
export interface OrderRules {
  /** Decimal places a quantity may have: 0 for shares, 4 for crypto. */
  quantityDecimals: number;
  /** Every order is a whole multiple of this quantity (100 shares on Chinese exchanges). */
  lotSize: number;
  /**
   * `T+0`: what is bought may be sold in the same session. `T+1`: only from the next session on
   * (China's settlement rule for A-shares).
   */
  settlement: 'T+0' | 'T+1';
  /** How a quantity is named to the agent: share/shares, unit/units. */
  unit: { one: string; many: string };
}

/**
 * What a market's results are measured against. `symbol`: one instrument bought at the close before
 * the period (QQQ, the SSE-50 index). `basket`: fixed weights of the starting cash put into tradable
 * symbols at the first session's open and held (the benchmark's CD5 crypto index). `label` is its
 * short name as results show it (`QQQ`, `SSE-50 index`, `CD5`); the leaderboard's row is
 * `<label> (benchmark)`, which for QQQ is the row the original server's clients read.
 */
export type BenchmarkSpec =
  | { kind: 'symbol'; label: string; symbol: string }
  | { kind: 'basket'; label: string; weights: readonly { symbol: string; weight: number }[] };

/**
 * One hourly session of a trading day: the label its bar carries and when that bar opens, both local
 * `HH:MM:SS`. Data vendors label bars differently: Alpha Vantage's US bars by their start (`10:00:00`
 * runs 10:00-11:00), the benchmark's A-share bars by their end (`10:30:00` runs 09:30-10:30). The
 * label names the session; the open is the moment its decisions are made, and what news must precede.
 */
export interface HourlySession {
  label: string;
  opens: string;
}

/** A market's hourly sessions: one per bar the benchmark trades in a trading day. */
export interface HourlySessions {
  /** The IANA zone the labels are written in (`America/New_York`, `Asia/Shanghai`). */
  timeZone: string;
  /** The day's sessions in time order. */
  sessions: readonly HourlySession[];
  /** Periods a year that annualise hourly risk figures (the benchmark's factor; see each market). */
  periodsPerYear: number;
}

export interface Market {
  id: MarketId;
  /** Human name of the universe, e.g. `NASDAQ-100`. */
  name: string;
  /** Who the agent is, for its prompt: `a stock-trading agent managing a long-only portfolio of ...`. */
  agentRole: string;
  currency: Currency;
  calendar: TradingCalendar;
  /** Tradable symbols unless a deployment configures its own. */
  defaultUniverse: readonly string[];
  defaultInitialCash: number;
  orderRules: OrderRules;
  benchmark: BenchmarkSpec;
  /** Periods per year for annualised daily risk figures: 252 trading days for stocks, 365 for crypto. */
  periodsPerYear: number;
  /** Its sessions within the day, or null where the benchmark trades it daily only (crypto). */
  hourly: HourlySessions | null;
  /** A symbol of this market's spelling, for validating configs and for examples shown to agents. */
  symbolPattern: RegExp;
  symbolExample: string;
}

/** Every symbol whose prices a market's jobs need: the tradable ones and the benchmark's. */
export function symbolsToPrice(market: Market, universe: readonly string[]): string[] {
  return [...new Set([...universe, ...benchmarkSymbols(market.benchmark)])];
}

/** The symbols a benchmark is priced from. */
export function benchmarkSymbols(benchmark: BenchmarkSpec): string[] {
  return benchmark.kind === 'symbol' ? [benchmark.symbol] : benchmark.weights.map((w) => w.symbol);
}

/** Symbols that are priced for the benchmark only, never tradable. */
export function untradableBenchmarkSymbols(market: Market): string[] {
  return market.benchmark.kind === 'symbol' ? [market.benchmark.symbol] : [];
}
