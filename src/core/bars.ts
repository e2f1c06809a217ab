/** One daily OHLCV bar. Dates are exchange-local trading dates as `YYYY-MM-DD`. */
export interface DailyBar {
  symbol: string;
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/**
 * One 60-minute OHLCV bar, keyed like a daily bar so the price index, the look-ahead guard and
 * valuation take it unchanged: `date` is its session label, `YYYY-MM-DD HH:MM:SS` in the market's
 * local time, as the data writes it (`2025-10-02 10:00:00` US/Eastern; see session-keys.ts).
 */
export type IntradayBar = DailyBar;
