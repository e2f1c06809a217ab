/**
 * The shape of a daily-bars CSV: which column holds what, and the data rows with their line
 * numbers. Knows nothing about prices; `csv-bars.ts` validates the values.
 */
import { ImportError } from './import-error.js';

export type BarColumn = 'date' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'symbol';

const REQUIRED_COLUMNS: readonly BarColumn[] = ['date', 'open', 'high', 'low', 'close', 'volume'];

// Alpha Vantage's CSV output calls the date column "timestamp".
const HEADER_NAMES: ReadonlyMap<string, BarColumn> = new Map([
  ['date', 'date'],
  ['timestamp', 'date'],
  ['open', 'open'],
  ['high', 'high'],
  ['low', 'low'],
  ['close', 'close'],
  ['volume', 'volume'],
  ['symbol', 'symbol'],
]);

export interface CsvRow {
  /** 1-based line in the file, counting blank lines, as an editor shows it. */
  line: number;
  cells: readonly string[];
}

export interface CsvTable {
  headerLine: number;
  /** Index of each recognised column; other columns (adjusted close, dividends...) are ignored. */
  columns: ReadonlyMap<BarColumn, number>;
  rows: readonly CsvRow[];
}

export function readCsvTable(text: string): CsvTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let header: CsvRow | undefined;
  const rows: CsvRow[] = [];
  lines.forEach((content, i) => {
    if (content.trim() === '') return;
    const row = { line: i + 1, cells: splitCsvLine(content, i + 1) };
    if (header === undefined) header = row;
    else rows.push(row);
  });
  if (header === undefined) {
    throw new ImportError(`the file is empty; expected a header line "${REQUIRED_COLUMNS.join(',')}"`);
  }
  const columns = readHeader(header);
  for (const row of rows) {
    if (row.cells.length !== header.cells.length) {
      throw new ImportError(
        `expected ${header.cells.length} fields like the header, found ${row.cells.length}`,
        {
          line: row.line,
        },
      );
    }
  }
  return { headerLine: header.line, columns, rows };
}

/** The trimmed cell of `column` in `row`; the column must be present. */
export function cellOf(table: CsvTable, row: CsvRow, column: BarColumn): string {
  const index = table.columns.get(column);
  return index === undefined ? '' : (row.cells[index] ?? '').trim();
}

function readHeader(header: CsvRow): Map<BarColumn, number> {
  const columns = new Map<BarColumn, number>();
  header.cells.forEach((cell, index) => {
    const column = HEADER_NAMES.get(cell.trim().toLowerCase());
    if (column === undefined) return;
    if (columns.has(column)) {
      throw new ImportError(
        `the ${column} column appears twice (note "timestamp" is another name for "date")`,
        {
          line: header.line,
        },
      );
    }
    columns.set(column, index);
  });
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.has(column));
  if (missing.length > 0) {
    throw new ImportError(
      `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; the header needs ${REQUIRED_COLUMNS.join(',')} in any order`,
      { line: header.line },
    );
  }
  return columns;
}

/** Splits one line on commas, honouring double-quoted fields ("1,234" and "say ""hi"""). */
function splitCsvLine(content: string, line: number): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < content.length; i++) {
    const char = content[i];
    if (quoted) {
      if (char !== '"') cell += char;
      else if (content[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  if (quoted) throw new ImportError('a quoted field is never closed', { line });
  cells.push(cell);
  return cells;
}
