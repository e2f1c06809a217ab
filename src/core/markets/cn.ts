import { TradingCalendar } from '../trading-calendar.js';
import { SSE_FIRST_YEAR, SSE_LAST_YEAR, sseClosures } from '../sse-holidays.js';
import type { HourlySessions, Market } from './market.js';

export const SSE_CALENDAR = new TradingCalendar({
  label: 'the SSE trading calendar',
  firstYear: SSE_FIRST_YEAR,
  lastYear: SSE_LAST_YEAR,
  weekends: true,
  closures: sseClosures,
});

/** The SSE-50 constituents the benchmark trades, in its spelling (Alpha Vantage writes `.SHH`). */
export const SSE_50_SYMBOLS: readonly string[] = Object.freeze([
  '600028.SH',
  '600030.SH',
  '600031.SH',
  '600036.SH',
  '600048.SH',
  '600050.SH',
  '600150.SH',
  '600276.SH',
  '600309.SH',
  '600406.SH',
  '600519.SH',
  '600690.SH',
  '600760.SH',
  '600809.SH',
  '600887.SH',
  '600900.SH',
  '600941.SH',
  '601012.SH',
  '601088.SH',
  '601127.SH',
  '601166.SH',
  '601211.SH',
  '601225.SH',
  '601288.SH',
  '601318.SH',
  '601328.SH',
  '601398.SH',
  '601600.SH',
  '601601.SH',
  '601628.SH',
  '601658.SH',
  '601668.SH',
  '601728.SH',
  '601766.SH',
  '601816.SH',
  '601857.SH',
  '601888.SH',
  '601899.SH',
  '601919.SH',
  '601985.SH',
  '601988.SH',
  '603259.SH',
  '603501.SH',
  '603993.SH',
  '688008.SH',
  '688012.SH',
  '688041.SH',
  '688111.SH',
  '688256.SH',
  '688981.SH',
]);

/** The SSE-50 index, the cn market's benchmark. */
export const SSE_50_INDEX = '000016.SH';

/**
 * The benchmark's A-share hourly arena (`BaseAgentAStock_Hour`): four 60-minute bars a day in
 * Asia/Shanghai time, labelled by their end as its data is (`10:30:00` runs 09:30-10:30, `14:00:00`
 * 13:00-14:00 after the lunch break; the 10:30 bar opens at the day's open, the 15:00 bar closes
 * with the day). Risk figures annualise with 252 x 6.5 periods: the benchmark's metrics take that
 * one factor for every hourly run (`--is-hourly`), whatever the market, so its A-share hourly
 * figures are on that scale too; 252 x 4 would count the sessions actually traded.
 */
const CN_HOURLY: HourlySessions = Object.freeze<HourlySessions>({
  timeZone: 'Asia/Shanghai',
  sessions: Object.freeze([
    Object.freeze({ label: '10:30:00', opens: '09:30:00' }),
    Object.freeze({ label: '11:30:00', opens: '10:30:00' }),
    Object.freeze({ label: '14:00:00', opens: '13:00:00' }),
    Object.freeze({ label: '15:00:00', opens: '14:00:00' }),
  ]),
  periodsPerYear: 252 * 6.5,
});

/** China A-shares: SSE-50, CNY, lots of 100 shares, T+1, Shanghai Stock Exchange sessions. */
export const CN_MARKET: Market = Object.freeze<Market>({
  id: 'cn',
  name: 'SSE-50',
  agentRole: 'a stock-trading agent managing a long-only portfolio of China A-shares (SSE-50 constituents)',
  currency: { code: 'CNY', symbol: '¥', decimals: 2 },
  calendar: SSE_CALENDAR,
  defaultUniverse: SSE_50_SYMBOLS,
  defaultInitialCash: 100_000,
  orderRules: {
    quantityDecimals: 0,
    lotSize: 100,
    settlement: 'T+1',
    unit: { one: 'share', many: 'shares' },
  },
  benchmark: { kind: 'symbol', label: 'SSE-50 index', symbol: SSE_50_INDEX },
  periodsPerYear: 252,
  hourly: CN_HOURLY,
  symbolPattern: /^\d{6}\.(SH|SZ)$/,
  symbolExample: '600519.SH',
});
