/**
 * Ticker spelling for imported files. Tickers are stored upper-case, and anything that does not
 * look like one (a file called "prices_2024.csv", say) is refused rather than guessed at. Every
 * market's spelling is a ticker here: `AAPL`, `600519.SH`, `BTC-USDT`.
 */
import {
  CN_MARKET,
  CRYPTO_MARKET,
  CRYPTO_SYMBOLS,
  SSE_50_INDEX,
  SSE_50_SYMBOLS,
} from '../../core/markets/index.js';
import { BENCHMARK_SYMBOL, NASDAQ_100_SYMBOLS } from '../../core/universe.js';

// Letters and digits, optionally a share-class suffix as in BRK.B or BF-B.
const TICKER = /^[A-Z][A-Z0-9]{0,5}(?:[.-][A-Z0-9]{1,3})?$/;

/** The upper-cased ticker (a US ticker, a Chinese code or a coin pair), or `undefined` when `raw` is none. */
export function normaliseTicker(raw: string): string | undefined {
  const candidate = raw.trim().toUpperCase();
  const isTicker =
    TICKER.test(candidate) ||
    CN_MARKET.symbolPattern.test(candidate) ||
    CRYPTO_MARKET.symbolPattern.test(candidate);
  return isTicker ? candidate : undefined;
}

/** Coins change hands in fractions; shares whole. */
export function tradesInFractions(symbol: string): boolean {
  return CRYPTO_MARKET.symbolPattern.test(symbol);
}

/** The tickers a file may be named after in any case: every market's default universe and benchmark. */
export const KNOWN_TICKERS: readonly string[] = [
  ...NASDAQ_100_SYMBOLS,
  BENCHMARK_SYMBOL,
  ...SSE_50_SYMBOLS,
  SSE_50_INDEX,
  ...CRYPTO_SYMBOLS,
];

// As exchanges write tickers: 1-5 capitals, optionally a share class (BRK.B, BF-B). Stricter than
// TICKER, since a file name is a guess where --symbol or a symbol column is a statement.
const TICKER_AS_WRITTEN = /^[A-Z]{1,5}(?:[.-][A-Z]{1,2})?$/;

/** How a file name is read as a ticker, for messages and the README to quote. */
export const FILE_NAME_TICKER_RULE =
  'a file name counts as one when it is a NASDAQ-100 ticker or QQQ, an SSE-50 code or its index, or ' +
  'one of the ten coins in any case, e.g. aapl.csv, 600519.sh.csv, btc-usdt.csv, ' +
  'or 1-5 capital letters with an optional share class, e.g. BRK.B.csv';

/**
 * The ticker a file name (without its extension) stands for, or `undefined`: `aapl` -> AAPL (a
 * known ticker, in any case), `BRK.B` -> BRK.B (written as a ticker). A lower-case word that is
 * not a known ticker (`mydata`, `data`, `prices`) is a description, never a symbol.
 */
export function tickerFromFileStem(
  stem: string,
  knownTickers: readonly string[] = KNOWN_TICKERS,
): string | undefined {
  const trimmed = stem.trim();
  const upper = trimmed.toUpperCase();
  if (knownTickers.includes(upper)) return upper;
  return TICKER_AS_WRITTEN.test(trimmed) ? trimmed : undefined;
}
