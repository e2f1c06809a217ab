/**
 * One JSON document of prices, whichever of the shapes the arena reads: Alpha Vantage's
 * TIME_SERIES_DAILY (`600519.SHH` read as `600519.SH`) and DIGITAL_CURRENCY_DAILY (`BTC` read as
 * `BTC-USDT`), and the benchmark's daily files (buy and sell prices). The benchmark's computed CD5
 * index is skipped with the reason; intraday series are refused by the caller.
 */
import type { DailyBar } from '../../core/bars.js';
import { CD5_WEIGHTS } from '../../core/markets/index.js';
import { readNotice } from '../alphavantage/classify.js';
import { isAlphaVantageError } from '../alphavantage/errors.js';
import { DAILY_SERIES_KEY, parseDailySeries } from '../alphavantage/parse-daily.js';
import { DIGITAL_SERIES_KEY, parseDigitalCurrencyDaily } from '../alphavantage/parse-digital-daily.js';
import { symbolFromAlphaVantage } from '../alphavantage/symbols.js';
import { isBenchmarkSeries, parseBenchmarkSeries, type SkippedBar } from './benchmark-series.js';
import { ImportError } from './import-error.js';

/** Which shape a document had: named in what the import reports. */
export type SeriesShape = 'alphavantage' | 'alphavantage-crypto' | 'benchmark';

export type DocumentOutcome =
  | { kind: 'series'; shape: SeriesShape; symbol: string; bars: DailyBar[]; skippedBars: SkippedBar[] }
  | { kind: 'skipped'; symbol: string; reason: string }
  /** Bars of less than a day (`Time Series (60min)`), which only daily imports do not take. */
  | { kind: 'intraday'; seriesKey: string; example: string | undefined };

const INTRADAY_SERIES_KEY = /^Time Series \(\d+min\)$/;

/**
 * Indexes the benchmark computes from tradable symbols, which the arena computes too: their files
 * are not prices to store.
 */
const COMPUTED_INDEXES: ReadonlyMap<string, string> = new Map([
  [
    'CD5',
    "CD5 is the benchmark's crypto index, not a tradable symbol: the server computes it from its " +
      `coins' prices (${CD5_WEIGHTS.map((w) => w.symbol).join(', ')}), so import those instead`,
  ],
]);

/** What one decoded document holds; throws `ImportError` for anything that is not prices. */
export function readSeriesDocument(json: unknown): DocumentOutcome {
  const notice = readNotice(json);
  if (notice !== undefined) {
    throw new ImportError(`this is an Alpha Vantage "${notice.field}" response, not prices: ${notice.text}`);
  }
  const record = typeof json === 'object' && json !== null && !Array.isArray(json) ? json : {};
  const intradayKey = Object.keys(record).find((key) => INTRADAY_SERIES_KEY.test(key));
  if (intradayKey !== undefined) {
    const series = (record as Record<string, unknown>)[intradayKey];
    const example = typeof series === 'object' && series !== null ? Object.keys(series)[0] : undefined;
    return { kind: 'intraday', seriesKey: intradayKey, example };
  }
  if (DIGITAL_SERIES_KEY in record) {
    const bars = alphaVantageBars(() => parseDigitalCurrencyDaily(json));
    return series('alphavantage-crypto', bars, []);
  }
  const symbol = reportedSymbol(json);
  const computed = symbol === undefined ? undefined : COMPUTED_INDEXES.get(symbol.toUpperCase());
  if (symbol !== undefined && computed !== undefined) {
    return { kind: 'skipped', symbol: symbol.toUpperCase(), reason: computed };
  }
  if (isBenchmarkSeries((record as Record<string, unknown>)[DAILY_SERIES_KEY])) {
    const benchmark = parseBenchmarkSeries(json);
    return series('benchmark', inOurSpelling(benchmark.bars), benchmark.skippedBars, benchmark.symbol);
  }
  return series('alphavantage', inOurSpelling(alphaVantageBars(() => parseDailySeries(json))), []);
}

/** `Meta Data` > `2. Symbol`, when present; the full shape is checked by the parsers. */
function reportedSymbol(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const meta = (json as Record<string, unknown>)['Meta Data'];
  if (typeof meta !== 'object' || meta === null) return undefined;
  const symbol = (meta as Record<string, unknown>)['2. Symbol'];
  return typeof symbol === 'string' ? symbol.trim() : undefined;
}

function series(
  shape: SeriesShape,
  bars: DailyBar[],
  skippedBars: SkippedBar[],
  fallbackSymbol = '',
): DocumentOutcome {
  // Alpha Vantage itself never sends such a bar, but a hand-edited file might.
  const inverted = bars.find((bar) => bar.high < bar.low);
  if (inverted !== undefined) {
    throw new ImportError(`${inverted.date}: high ${inverted.high} is below low ${inverted.low}`);
  }
  const symbol = bars[0]?.symbol ?? symbolFromAlphaVantage(fallbackSymbol);
  return { kind: 'series', shape, symbol, bars, skippedBars };
}

function inOurSpelling(bars: DailyBar[]): DailyBar[] {
  return bars.map((bar) => ({ ...bar, symbol: symbolFromAlphaVantage(bar.symbol) }));
}

function alphaVantageBars(parse: () => DailyBar[]): DailyBar[] {
  try {
    return parse();
  } catch (error) {
    if (!isAlphaVantageError(error)) throw error;
    throw new ImportError(error.message, { cause: error });
  }
}
