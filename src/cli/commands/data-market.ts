/**
 * Which market a `data` command works on, and what of it: `--market`, else the config file's
 * market (the one jobs trade unless told otherwise), else us; its dates and symbols checked against
 * its calendar and spelling before anything is stored.
 */
import { existsSync } from 'node:fs';
import { ConfigError } from '../../config/app-config.js';
import { DEFAULT_CONFIG_PATH, loadConfigFile } from '../../config/load-config.js';
import {
  DEFAULT_MARKET_ID,
  describeMarket,
  marketById,
  symbolsToPrice,
  type Market,
  type MarketId,
} from '../../core/markets/index.js';
import type { DateRange } from '../../market-data/coverage-report.js';
import { usageError } from '../cli-error.js';
import type { CliContext } from '../context.js';

export interface MarketOption {
  market?: MarketId;
}

export const MARKET_OPTION = '--market <market>';
export const MARKET_HELP = "the market: us, cn or crypto (default: the config file's market, else us)";

/** The market, named on a line of its own so that output about one market is never read as another's. */
export function announceMarket(ctx: CliContext, opts: MarketOption): Market {
  const chosen = opts.market === undefined ? configuredMarket(ctx) : { id: opts.market, note: '' };
  const market = marketById(chosen.id);
  ctx.stdout.write(`Market: ${describeMarket(market)}${chosen.note}\n`);
  return market;
}

/** The config file's market; us without a config file. A config that cannot be read is not guessed past. */
function configuredMarket(ctx: CliContext): { id: MarketId; note: string } {
  const path = ctx.env().CONFIG_PATH ?? DEFAULT_CONFIG_PATH;
  if (!existsSync(path)) return { id: DEFAULT_MARKET_ID, note: '' };
  try {
    const id = loadConfigFile(path).market;
    return { id, note: id === DEFAULT_MARKET_ID ? '' : `, the market of ${path}` };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw usageError(`${error.message}\nFix the config file, or name the market with --market`);
  }
}

/** [start, end], within the market's calendar. */
export function checkedRange(start: string, end: string, market: Market): DateRange {
  if (start > end) throw usageError(`the start date ${start} is after the end date ${end}`);
  const calendar = market.calendar;
  for (const date of [start, end]) {
    if (!calendar.covers(date))
      throw usageError(
        `${date} is outside the ${market.id} market's calendar, which covers ${calendar.firstDate}..${calendar.lastDate}`,
      );
  }
  return { start, end };
}

/** `--symbols`, each of which must be written as `market` writes its symbols; else its universe and benchmark. */
export function symbolsFor(market: Market, symbols: readonly string[] | undefined): string[] {
  if (symbols === undefined) return symbolsToPrice(market, market.defaultUniverse);
  const foreign = symbols.filter((symbol) => !market.symbolPattern.test(symbol));
  if (foreign.length > 0) {
    throw usageError(
      `${foreign.join(', ')} ${foreign.length === 1 ? 'is' : 'are'} not written as ${market.id} symbols are ` +
        `(e.g. ${market.symbolExample}); choose the market with --market`,
    );
  }
  return [...symbols];
}
