/**
 * Daily bars from a CSV file, validated strictly: an import that silently skips or bends a bad
 * row would let a model trade on prices that never existed.
 */
import type { DailyBar } from '../../core/bars.js';
import { isIsoDate } from '../../core/dates.js';
import { cellOf, readCsvTable } from './csv-table.js';
import type { BarColumn, CsvRow, CsvTable } from './csv-table.js';
import { ImportError } from './import-error.js';
import { normaliseTicker, tradesInFractions } from './ticker.js';

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const PRICE_COLUMNS = ['open', 'high', 'low', 'close'] as const;

/**
 * Bars of `symbol`, ascending by date. The header names `date` (or `timestamp`), `open`, `high`,
 * `low`, `close`, `volume` in any order and case; an optional `symbol` column must agree with
 * `symbol` on every row. Throws `ImportError` naming the line of the first problem.
 */
export function parseCsvBars(text: string, symbol: string): DailyBar[] {
  const expected = normaliseTicker(symbol);
  if (expected === undefined) throw new ImportError(`${JSON.stringify(symbol)} is not a ticker symbol`);
  const table = readCsvTable(text);
  if (table.rows.length === 0)
    throw new ImportError('no data rows after the header', { line: table.headerLine });

  const firstLineOfDate = new Map<string, number>();
  const bars = table.rows.map((row) => {
    if (table.columns.has('symbol')) checkRowSymbol(table, row, expected);
    const bar = readBar(table, row, expected);
    const earlier = firstLineOfDate.get(bar.date);
    if (earlier !== undefined) {
      throw new ImportError(`duplicate date ${bar.date} (first on line ${earlier})`, { line: row.line });
    }
    firstLineOfDate.set(bar.date, row.line);
    return bar;
  });
  return bars.sort((a, b) => (a.date < b.date ? -1 : 1));
}

/**
 * The ticker in the file's `symbol` column (read from the first data row), or `undefined` when
 * the file has no such column. `parseCsvBars` then checks that every row agrees.
 */
export function csvSymbol(text: string): string | undefined {
  const table = readCsvTable(text);
  const first = table.rows[0];
  if (!table.columns.has('symbol') || first === undefined) return undefined;
  return readRowSymbol(table, first);
}

function readBar(table: CsvTable, row: CsvRow, symbol: string): DailyBar {
  const date = cellOf(table, row, 'date');
  if (!isIsoDate(date))
    throw new ImportError(`date ${JSON.stringify(date)} is not a YYYY-MM-DD date`, { line: row.line });
  const [open, high, low, close] = PRICE_COLUMNS.map((column) => readPrice(table, row, column)) as [
    number,
    number,
    number,
    number,
  ];
  if (high < low) throw new ImportError(`high ${high} is below low ${low}`, { line: row.line });
  return { symbol, date, open, high, low, close, volume: readVolume(table, row, symbol) };
}

function readPrice(table: CsvTable, row: CsvRow, column: BarColumn): number {
  const value = readNumber(table, row, column);
  if (value <= 0) throw new ImportError(`${column} must be positive, got ${value}`, { line: row.line });
  return value;
}

function readVolume(table: CsvTable, row: CsvRow, symbol: string): number {
  const value = readNumber(table, row, 'volume');
  if (tradesInFractions(symbol)) {
    if (value < 0) throw new ImportError(`volume must be non-negative, got ${value}`, { line: row.line });
    return value;
  }
  if (value < 0 || !Number.isInteger(value)) {
    throw new ImportError(`volume must be a non-negative whole number, got ${value}`, { line: row.line });
  }
  return value;
}

function readNumber(table: CsvTable, row: CsvRow, column: BarColumn): number {
  const cell = cellOf(table, row, column);
  // Number() alone would accept "", "0x1A" and "Infinity".
  const value = DECIMAL.test(cell) ? Number(cell) : Number.NaN;
  if (!Number.isFinite(value))
    throw new ImportError(`${column} is not a number: ${JSON.stringify(cell)}`, { line: row.line });
  return value;
}

function checkRowSymbol(table: CsvTable, row: CsvRow, expected: string): void {
  const found = readRowSymbol(table, row);
  if (found !== expected) {
    throw new ImportError(`symbol ${found} does not match ${expected}; import one symbol per file`, {
      line: row.line,
    });
  }
}

function readRowSymbol(table: CsvTable, row: CsvRow): string {
  const cell = cellOf(table, row, 'symbol');
  const ticker = normaliseTicker(cell);
  if (ticker === undefined)
    throw new ImportError(`symbol ${JSON.stringify(cell)} is not a ticker symbol`, { line: row.line });
  return ticker;
}
