/**
 * Recognises a prices file and turns it into the bars of each symbol it holds: a CSV, a saved
 * Alpha Vantage answer (TIME_SERIES_DAILY, DIGITAL_CURRENCY_DAILY), or the benchmark's JSON and
 * JSON Lines files (every symbol of a file at once). Pure: the caller reads the file and stores
 * the result.
 */
import type { DailyBar } from '../../core/bars.js';
import type { SkippedBar } from './benchmark-series.js';
import { csvSymbol, parseCsvBars } from './csv-bars.js';
import { ImportError } from './import-error.js';
import { readJsonDocuments, type JsonDocument } from './json-documents.js';
import { readSeriesDocument, type DocumentOutcome, type SeriesShape } from './series-document.js';
import { FILE_NAME_TICKER_RULE, normaliseTicker, tickerFromFileStem } from './ticker.js';

export type { SkippedBar } from './benchmark-series.js';

/** How a file was read: `csv`, or a JSON shape with `l` for JSON Lines (`benchmark-jsonl`). */
export type BarsFileFormat =
  | 'csv'
  | 'alphavantage-json'
  | 'alphavantage-jsonl'
  | 'alphavantage-crypto-json'
  | 'alphavantage-crypto-jsonl'
  | 'benchmark-json'
  | 'benchmark-jsonl';

export interface ParsedSeries {
  symbol: string;
  /** Complete bars, ascending by date. */
  bars: DailyBar[];
  /** Days of the file that are not among `bars`, with why (an incomplete latest bar). */
  skippedBars: SkippedBar[];
  format: BarsFileFormat;
}

/** A symbol the file held that is not imported, with why (the benchmark's computed CD5 index). */
export interface SkippedSymbol {
  symbol: string;
  reason: string;
}

export interface ParsedPricesFile {
  series: ParsedSeries[];
  skippedSymbols: SkippedSymbol[];
}

/**
 * JSON when the content is (or the name says so, so a broken JSON file gets a JSON error); else
 * CSV. Every JSON file the arena reads is in Alpha Vantage's shape (the benchmark's too), hence the name.
 */
export function detectFormat(path: string, text: string): 'alphavantage-json' | 'csv' {
  const firstChar = text.replace(/^\uFEFF/, '').trimStart()[0];
  if (firstChar === '{' || firstChar === '[') return 'alphavantage-json';
  return /\.jsonl?$/i.test(path) ? 'alphavantage-json' : 'csv';
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
 * The bars in one file. `symbol`, when given, must agree with a file of one symbol, and picks its
 * symbol out of a file of several; a CSV without a symbol column otherwise takes its symbol from the
 * file name. Errors name `path` (and the line of a JSON Lines file).
 */
export function parsePricesFile(path: string, text: string, symbol?: string): ParsedPricesFile {
  try {
    const explicit = symbol === undefined ? undefined : requireTicker(symbol);
    if (detectFormat(path, text) === 'csv') {
      const parsed = parseCsvFile(path, text, explicit);
      return { series: [{ ...parsed, skippedBars: [], format: 'csv' }], skippedSymbols: [] };
    }
    return chooseSymbol(parseJsonFile(path, text), explicit);
  } catch (error) {
    if (error instanceof ImportError) throw error.inFile(path);
    throw error;
  }
}

function parseCsvFile(
  path: string,
  text: string,
  explicit: string | undefined,
): { symbol: string; bars: DailyBar[] } {
  const symbol = explicit ?? csvSymbol(text) ?? symbolFromFileName(path);
  if (symbol === undefined) {
    throw new ImportError(
      `cannot tell which symbol this CSV holds: its name ${JSON.stringify(fileStem(path))} is not a ticker ` +
        `(${FILE_NAME_TICKER_RULE}); pass --symbol TICKER or add a symbol column`,
    );
  }
  return { symbol, bars: parseCsvBars(text, symbol) };
}

function parseJsonFile(path: string, text: string): ParsedPricesFile {
  const { documents, lines } = readJsonDocuments(path, text);
  const series: ParsedSeries[] = [];
  const skippedSymbols: SkippedSymbol[] = [];
  const lineOf = new Map<string, number | undefined>();
  for (const document of documents) {
    const outcome = readDocument(document);
    if (outcome.kind === 'intraday') throw intradayRefusal(outcome);
    if (lineOf.has(outcome.symbol)) {
      const first = lineOf.get(outcome.symbol);
      throw new ImportError(
        `${outcome.symbol} appears twice${first === undefined ? '' : ` (first on line ${first})`}`,
        document.line === undefined ? {} : { line: document.line },
      );
    }
    lineOf.set(outcome.symbol, document.line);
    if (outcome.kind === 'skipped') skippedSymbols.push({ symbol: outcome.symbol, reason: outcome.reason });
    else series.push({ ...outcome, format: formatOf(outcome.shape, lines) });
  }
  return { series, skippedSymbols };
}

function readDocument(document: JsonDocument): DocumentOutcome {
  try {
    return readSeriesDocument(document.value);
  } catch (error) {
    if (!(error instanceof ImportError) || document.line === undefined) throw error;
    throw new ImportError(error.detail, { line: document.line, cause: error.cause });
  }
}

function formatOf(shape: SeriesShape, lines: boolean): BarsFileFormat {
  return `${shape}-json${lines ? 'l' : ''}` as BarsFileFormat;
}

/** Hourly bars are refused whole: they are no daily bars, and another issue brings hourly prices. */
function intradayRefusal(outcome: Extract<DocumentOutcome, { kind: 'intraday' }>): ImportError {
  const example = outcome.example === undefined ? '' : `, e.g. ${outcome.example}`;
  return new ImportError(
    `this file holds hourly bars ("${outcome.seriesKey}"${example}), not daily ones: only daily bars ` +
      'can be imported; hourly prices are not supported yet',
  );
}

/** The file as it is, or only `explicit`'s series (which must be there). */
function chooseSymbol(parsed: ParsedPricesFile, explicit: string | undefined): ParsedPricesFile {
  if (explicit === undefined) return parsed;
  const held = [...parsed.series, ...parsed.skippedSymbols].map((entry) => entry.symbol);
  const only = held.length === 1 ? held[0] : undefined;
  if (only !== undefined && only !== explicit) {
    throw new ImportError(`the file holds ${only} but the symbol given is ${explicit}`);
  }
  if (!held.includes(explicit)) {
    const shown = held.slice(0, 5).join(', ') + (held.length > 5 ? ` and ${held.length - 5} more` : '');
    throw new ImportError(`the file holds no ${explicit} (it holds ${shown})`);
  }
  return {
    series: parsed.series.filter((entry) => entry.symbol === explicit),
    skippedSymbols: parsed.skippedSymbols.filter((entry) => entry.symbol === explicit),
  };
}

function requireTicker(raw: string): string {
  const ticker = normaliseTicker(raw);
  if (ticker === undefined) throw new ImportError(`${JSON.stringify(raw)} is not a ticker symbol`);
  return ticker;
}
