/**
 * Which Alpha Vantage series serves a symbol of each market: US and Chinese stocks come from
 * TIME_SERIES_DAILY (Chinese ones under Alpha Vantage's `.SHH` / `.SHZ` spelling), coins from
 * DIGITAL_CURRENCY_DAILY against USD. The client asks and paces the same way for all of them.
 */
import type { DailyBar } from '../../core/bars.js';
import type { Market } from '../../core/markets/index.js';
import { AlphaVantageError } from './errors.js';
import { DAILY_SERIES_KEY, parseDailySeries } from './parse-daily.js';
import { DIGITAL_SERIES_KEY, parseDigitalCurrencyDaily } from './parse-digital-daily.js';
import {
  chinaSymbolToAlphaVantage,
  COIN_QUOTE_MARKET,
  coinOfPair,
  symbolFromAlphaVantage,
} from './symbols.js';

export interface AlphaVantageSeries {
  /** The query naming the series: `function`, `symbol` (Alpha Vantage's spelling), and `market` for coins. */
  query: Record<string, string>;
  /**
   * Whether `outputsize` applies. TIME_SERIES_DAILY serves the last 100 sessions or the whole
   * history; DIGITAL_CURRENCY_DAILY has no such choice and its reach back is not promised, so its
   * answer speaks only for the span of its bars.
   */
  sized: boolean;
  /** The key of the bars in a good answer, which tells it from a notice. */
  seriesKey: string;
  /** The bars of a good answer, under the arena's spelling of the symbol. */
  parse(body: unknown): DailyBar[];
}

/** The series for `symbol` (upper case, the arena's spelling) of `market`; throws 'unknown_symbol' for one it cannot spell. */
export function alphaVantageSeries(market: Market, symbol: string): AlphaVantageSeries {
  switch (market.id) {
    case 'us':
      return timeSeriesDaily(symbol, symbol);
    case 'cn': {
      const avSymbol = chinaSymbolToAlphaVantage(symbol);
      if (avSymbol === undefined) throw notOfMarket(market, symbol);
      return timeSeriesDaily(symbol, avSymbol);
    }
    case 'crypto': {
      const coin = coinOfPair(symbol);
      if (coin === undefined) throw notOfMarket(market, symbol);
      return {
        query: { function: 'DIGITAL_CURRENCY_DAILY', symbol: coin, market: COIN_QUOTE_MARKET },
        sized: false,
        seriesKey: DIGITAL_SERIES_KEY,
        parse: (body) => parseDigitalCurrencyDaily(body, coin),
      };
    }
  }
}

function timeSeriesDaily(symbol: string, avSymbol: string): AlphaVantageSeries {
  return {
    query: { function: 'TIME_SERIES_DAILY', symbol: avSymbol },
    sized: true,
    seriesKey: DAILY_SERIES_KEY,
    parse: (body) =>
      avSymbol === symbol
        ? parseDailySeries(body, avSymbol)
        : parseDailySeries(body, avSymbol).map((bar) => ({
            ...bar,
            symbol: symbolFromAlphaVantage(bar.symbol),
          })),
  };
}

function notOfMarket(market: Market, symbol: string): AlphaVantageError {
  return new AlphaVantageError(
    'unknown_symbol',
    `${symbol} is not a symbol of the ${market.id} market (they are written like ${market.symbolExample})`,
  );
}
