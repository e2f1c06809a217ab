import { NYSE_CALENDAR } from '../calendar.js';
import { BENCHMARK_SYMBOL, NASDAQ_100_SYMBOLS } from '../universe.js';
import type { Market } from './market.js';

/** NASDAQ-100 stocks on NYSE sessions, whole shares, benchmark QQQ: the original server's market. */
export const US_MARKET: Market = Object.freeze<Market>({
  id: 'us',
  name: 'NASDAQ-100',
  agentRole: 'a stock-trading agent managing a long-only portfolio of NASDAQ-100 stocks',
  currency: { code: 'USD', symbol: '$', decimals: 2 },
  calendar: NYSE_CALENDAR,
  defaultUniverse: NASDAQ_100_SYMBOLS,
  defaultInitialCash: 10_000,
  orderRules: { quantityDecimals: 0, lotSize: 1, settlement: 'T+0', unit: { one: 'share', many: 'shares' } },
  benchmark: { kind: 'symbol', label: 'QQQ (buy and hold)', symbol: BENCHMARK_SYMBOL },
  periodsPerYear: 252,
  symbolPattern: /^[A-Z][A-Z0-9.-]{0,9}$/,
  symbolExample: 'AAPL',
});
