/**
 * Recognises a prices file (a saved Alpha Vantage response or a CSV) and turns it into one
 * symbol's bars. Pure: the caller reads the file and stores the result.
 */
import type { DailyBar } from '../../core/bars.js';
import { readNotice } from '../alphavantage/classify.js';
import { parseDailySeries } from '../alphavantage/parse-daily.js';
import { csvSymbol, parseCsvBars } from './csv-bars.js';
import { ImportError } from './import-error.js';
import { FILE_NAME_TICKER_RULE, normaliseTicker, tickerFromFileStem } from './ticker.js';

export type BarsFileFormat = 'alphavantage-json' | 'csv';

export interface ParsedBarsFile {
  symbol: string;
  /** Ascending by date. */
  bars: DailyBar[];
  format: BarsFileFormat;
}

/** JSON when the content is (or the name says so, so a broken JSON file gets a JSON error); else CSV. */
export function detectFormat(path: string, text: string): BarsFileFormat {
  const firstChar = text.replace(/^\uFEFF/, '').trimStart()[0];
  if (firstChar === '{' || firstChar === '[') return 'alphavantage-json';
  return /\.json$/i.test(path) ? 'alphavantage-json' : 'csv';
}

/**
 * The ticker a file is named after (`data/msft.csv` -> MSFT, `BRK.B.csv` -> BRK.B), if its name
 * is one by the rule of `tickerFromFileStem`; `mydata.csv` names no ticker.
 */
export function symbolFromFileName(path: string, knownTickers?: readonly string[]): string | undefined {
  return tickerFromFileStem(fileStem(path), knownTickers);
}

/** The file name without its directory and its last extension. */
function fileStem(path: string): string {
  const fileName = path.split(/[\\/]/).pop() ?? '';
  const extension = fileName.lastIndexOf('.');
  return extension > 0 ? fileName.slice(0, extension) : fileName;
}

/**
 * The bars in one file. `symbol`, when given, must agree with what the file itself says; a CSV
 * without a symbol column otherwise takes its symbol from the file name. Errors name `path`.
 */
export function parseBarsFile(path: string, text: string, symbol?: string): ParsedBarsFile {
  try {
    const explicit = symbol === undefined ? undefined : requireTicker(symbol);
    const format = detectFormat(path, text);
    const parsed =
      format === 'csv' ? parseCsvFile(path, text, explicit) : parseAlphaVantageFile(text, explicit);
    return { ...parsed, format };
  } catch (error) {
    if (error instanceof ImportError) throw error.inFile(path);
    throw error;
  }
}

function parseCsvFile(
  path: string,
  text: string,
  explicit: string | undefined,
): Omit<ParsedBarsFile, 'format'> {
  const symbol = explicit ?? csvSymbol(text) ?? symbolFromFileName(path);
  if (symbol === undefined) {
    throw new ImportError(
      `cannot tell which symbol this CSV holds: its name ${JSON.stringify(fileStem(path))} is not a ticker ` +
        `(${FILE_NAME_TICKER_RULE}); pass --symbol TICKER or add a symbol column`,
    );
  }
  return { symbol, bars: parseCsvBars(text, symbol) };
}

function parseAlphaVantageFile(text: string, explicit: string | undefined): Omit<ParsedBarsFile, 'format'> {
  const json = parseJson(text);
  const notice = readNotice(json);
  if (notice !== undefined) {
    throw new ImportError(`this is an Alpha Vantage "${notice.field}" response, not prices: ${notice.text}`);
  }
  const reported = reportedSymbol(json);
  if (explicit !== undefined && reported !== undefined && reported.toUpperCase() !== explicit) {
    throw new ImportError(`the file holds ${reported.toUpperCase()} but the symbol given is ${explicit}`);
  }
  let bars: DailyBar[];
  try {
    bars = parseDailySeries(json);
  } catch (error) {
    throw new ImportError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  // Alpha Vantage itself never sends such a bar, but a hand-edited file might.
  const inverted = bars.find((bar) => bar.high < bar.low);
  if (inverted !== undefined) {
    throw new ImportError(`${inverted.date}: high ${inverted.high} is below low ${inverted.low}`);
  }
  const symbol = bars[0]?.symbol ?? explicit ?? '';
  return { symbol, bars };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new ImportError(`not valid JSON (${error instanceof Error ? error.message : String(error)})`, {
      cause: error,
    });
  }
}

/** `Meta Data` > `2. Symbol`, when present; the full shape is checked by `parseDailySeries`. */
function reportedSymbol(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const meta = (json as Record<string, unknown>)['Meta Data'];
  if (typeof meta !== 'object' || meta === null) return undefined;
  const symbol = (meta as Record<string, unknown>)['2. Symbol'];
  return typeof symbol === 'string' ? symbol.trim() : undefined;
}

function requireTicker(raw: string): string {
  const ticker = normaliseTicker(raw);
  if (ticker === undefined) throw new ImportError(`${JSON.stringify(raw)} is not a ticker symbol`);
  return ticker;
}
