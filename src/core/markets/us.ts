import { NYSE_CALENDAR } from '../calendar.js';
import { BENCHMARK_SYMBOL, NASDAQ_100_SYMBOLS } from '../universe.js';
import type { HourlySessions, Market } from './market.js';

/**
 * The benchmark's US hourly arena (`BaseAgent_Hour`): the six 60-minute bars Alpha Vantage serves
 * for the regular session (`extended_hours=false`), labelled by their start in US/Eastern, 10:00 to
 * 15:00; the 15:00 bar closes at 16:00, with the day. (The half hour from 09:30 has no bar of its
 * own there.) Risk figures annualise with 252 x 6.5 periods, the benchmark's published factor for
 * hourly runs, although six bars a day are traded (252 x 6 would be the count of sessions).
 */
const US_HOURLY: HourlySessions = Object.freeze<HourlySessions>({
  timeZone: 'America/New_York',
  sessions: Object.freeze(
    ['10', '11', '12', '13', '14', '15'].map((hour) =>
      Object.freeze({ label: `${hour}:00:00`, opens: `${hour}:00:00` }),
    ),
  ),
  periodsPerYear: 252 * 6.5,
});

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
  benchmark: { kind: 'symbol', label: 'QQQ', symbol: BENCHMARK_SYMBOL },
  periodsPerYear: 252,
  hourly: US_HOURLY,
  symbolPattern: /^[A-Z][A-Z0-9.-]{0,9}$/,
  symbolExample: 'AAPL',
});
