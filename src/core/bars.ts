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
