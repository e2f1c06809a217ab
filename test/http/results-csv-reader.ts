/**
 * A strict RFC 4180 reader for the tests: CRLF between records, quotes only around whole fields,
 * doubled inside. Anything else (a bare LF or CR, a stray quote) throws, so a test reading the
 * exports with it also checks that they are well-formed.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        quoted = false;
        if (![',', '\r', undefined].includes(text[i + 1]))
          throw new Error(`text after a closing quote at ${i}`);
      }
      continue;
    }
    if (c === '"') {
      if (!fieldStart) throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      fieldStart = false;
    } else if (c === ',') {
      row.push(field);
      field = '';
      fieldStart = true;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStart = true;
      i++;
    } else if (c === '\r' || c === '\n') {
      throw new Error(`bare ${c === '\r' ? 'CR' : 'LF'} outside quotes at ${i}`);
    } else {
      field += c;
      fieldStart = false;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (!fieldStart || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The rows after the header as objects keyed by the header's names. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (header === undefined) throw new Error('no header row');
  return rows.map((row) => {
    if (row.length !== header.length)
      throw new Error(`row of ${row.length} fields under ${header.length} columns`);
    return Object.fromEntries(header.map((name, i) => [name, row[i] as string]));
  });
}

/** How a JSON value reads back from a CSV field: null as empty, the rest as JavaScript prints it. */
export const asCsvField = (value: unknown): string => (value === null ? '' : String(value));
