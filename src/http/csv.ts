/**
 * CSV as RFC 4180 writes it: a header row, CRLF line ends (the last row's included), and a field
 * quoted only when it holds a comma, a double quote, CR or LF, its quotes doubled. Null is an empty
 * field; numbers are written as JavaScript prints them, which reads back as the same double.
 *
 * Text cells are neutralised for spreadsheets: text that starts with `=`, `+`, `-`, `@`, a tab or a
 * CR would be read by Excel, LibreOffice or Sheets as a formula (`=HYPERLINK(...)` can send other
 * cells to any site), and much of the text here was written by a model or an agent. Such a cell gets
 * a leading `'`, which spreadsheets show as text. Numbers are never touched: -12.5 stays -12.5.
 */
export type CsvCell = string | number | boolean | null;

/** What makes a spreadsheet read a cell as a formula (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

export function csvField(value: CsvCell): string {
  if (value === null) return '';
  const text = typeof value === 'string' ? neutraliseFormula(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** `=1+1` -> `'=1+1`: text a spreadsheet shows as it is, rather than evaluates. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
