/** Commander parsers for the option values several commands share; each throws commander's usage error. */
import { InvalidArgumentError } from 'commander';
import { CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR } from '../core/calendar.js';
import { isIsoDate } from '../core/dates.js';
import { isMarketId, MARKET_IDS, type MarketId } from '../core/markets/index.js';
import { normaliseTicker } from '../market-data/import/ticker.js';
import { MAX_REPEATS } from '../core/runs.js';

const FIRST_DATE = `${CALENDAR_FIRST_YEAR}-01-01`;
const LAST_DATE = `${CALENDAR_LAST_YEAR}-12-31`;

/** Commander option parser for a `YYYY-MM-DD` date the trading calendar knows. */
export function parseDateOption(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError('Expected a date as YYYY-MM-DD.');
  if (value < FIRST_DATE || value > LAST_DATE) {
    throw new InvalidArgumentError(`The trading calendar covers ${FIRST_DATE}..${LAST_DATE} only.`);
  }
  return value;
}

/** Commander option parser for a market id: us, cn or crypto. */
export function parseMarketOption(value: string): MarketId {
  const market = value.trim().toLowerCase();
  if (!isMarketId(market)) throw new InvalidArgumentError(`Expected one of ${MARKET_IDS.join(', ')}.`);
  return market;
}

/** Commander option parser for `A,B,C`: upper-cased tickers, duplicates dropped. */
export function parseSymbolsOption(value: string): string[] {
  const parts = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 0) throw new InvalidArgumentError('Expected ticker symbols separated by commas.');
  const symbols = parts.map((part) => {
    const ticker = normaliseTicker(part);
    if (ticker === undefined)
      throw new InvalidArgumentError(`${JSON.stringify(part)} is not a ticker symbol.`);
    return ticker;
  });
  return [...new Set(symbols)];
}

export function parseTickerOption(value: string): string {
  const ticker = normaliseTicker(value);
  if (ticker === undefined)
    throw new InvalidArgumentError(`${JSON.stringify(value)} is not a ticker symbol.`);
  return ticker;
}

/** A port number, 0 for any free one. */
export function parsePortOption(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new InvalidArgumentError('Expected a port number 0-65535.');
  }
  return Number(value);
}

/** `a,b,c`: model signatures, blanks dropped. */
export function parseModelsOption(value: string): string[] {
  const models = value
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '');
  if (models.length === 0) throw new InvalidArgumentError('Expected model signatures separated by commas.');
  return models;
}

/** `--repeats K`: runs per model, 1 to MAX_REPEATS. */
export function parseRepeatsOption(value: string): number {
  const repeats = Number(value);
  if (!/^\d+$/.test(value.trim()) || repeats < 1 || repeats > MAX_REPEATS) {
    throw new InvalidArgumentError(`Expected a whole number of runs per model, 1 to ${MAX_REPEATS}.`);
  }
  return repeats;
}
