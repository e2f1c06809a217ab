import type { DailyBar } from '../../src/core/bars.js';
import { PriceIndex } from '../../src/core/price-index.js';
import { parseDailySeries } from '../../src/market-data/alphavantage/parse-daily.js';
import { fixtureSymbols, fixtureText } from './fixtures.js';

/** Bars of the given fixture symbols (all of them by default), parsed with the production parser. */
export function fixtureBars(symbols: readonly string[] = fixtureSymbols()): DailyBar[] {
  return symbols.flatMap((symbol) => parseDailySeries(JSON.parse(fixtureText(symbol)), symbol));
}

export function fixturePriceIndex(symbols?: readonly string[]): PriceIndex {
  return new PriceIndex(fixtureBars(symbols));
}
