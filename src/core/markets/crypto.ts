import { TradingCalendar } from '../trading-calendar.js';
import type { Market } from './market.js';

/** Crypto trades every calendar day; a session is a UTC day. */
export const EVERY_DAY_CALENDAR = new TradingCalendar({
  label: 'the crypto calendar',
  firstYear: 2000,
  lastYear: 2035,
  weekends: false,
  closures: () => [],
});

/** The ten coins the benchmark trades, against USDT. */
export const CRYPTO_SYMBOLS: readonly string[] = Object.freeze(
  ['BTC', 'ETH', 'XRP', 'SOL', 'ADA', 'SUI', 'LINK', 'AVAX', 'LTC', 'DOT'].map((coin) => `${coin}-USDT`),
);

/**
 * The benchmark's CD5 index: its starting cash put into five coins at the first session's open, in
 * these published weights (they add up to 100.02%, as published), and held.
 */
export const CD5_WEIGHTS: readonly { symbol: string; weight: number }[] = Object.freeze([
  { symbol: 'BTC-USDT', weight: 0.7456 },
  { symbol: 'ETH-USDT', weight: 0.1597 },
  { symbol: 'XRP-USDT', weight: 0.052 },
  { symbol: 'SOL-USDT', weight: 0.0353 },
  { symbol: 'ADA-USDT', weight: 0.0076 },
]);

/** Ten coins against USDT, every UTC day, amounts to 4 decimal places, benchmark CD5. */
export const CRYPTO_MARKET: Market = Object.freeze<Market>({
  id: 'crypto',
  name: 'Crypto',
  agentRole: 'a crypto-trading agent managing a long-only portfolio of cryptocurrencies against USDT',
  currency: { code: 'USDT', symbol: '', decimals: 4 },
  calendar: EVERY_DAY_CALENDAR,
  defaultUniverse: CRYPTO_SYMBOLS,
  defaultInitialCash: 50_000,
  orderRules: {
    quantityDecimals: 4,
    lotSize: 0.0001,
    settlement: 'T+0',
    unit: { one: 'unit', many: 'units' },
  },
  benchmark: { kind: 'basket', label: 'CD5', weights: CD5_WEIGHTS },
  periodsPerYear: 365,
  // The benchmark has no hourly crypto agent (its hourly types are BaseAgent_Hour and
  // BaseAgentAStock_Hour), so crypto sessions are UTC days only.
  hourly: null,
  symbolPattern: /^[A-Z0-9]{2,10}-USDT$/,
  symbolExample: 'BTC-USDT',
});
