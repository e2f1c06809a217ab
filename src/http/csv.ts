/**
 * CSV as RFC 4180 writes it: a header row, CRLF line ends (the last row's included), and a field
 * quoted only when it holds a comma, a double quote, CR or LF, its quotes doubled. Null is an empty
 * field; numbers are written as JavaScript prints them, which reads back as the same double.
 */
export type CsvCell = string | number | boolean | null;

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

export function csvField(value: CsvCell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
