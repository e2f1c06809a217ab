import { describe, expect, it } from 'vitest';
import { csvSymbol, parseCsvBars } from '../../../src/market-data/import/csv-bars.js';
import { ImportError } from '../../../src/market-data/import/import-error.js';

const HEADER = 'date,open,high,low,close,volume';

function csv(...lines: string[]): string {
  return lines.join('\n');
}

function importErrorOf(run: () => unknown): ImportError {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('expected an ImportError');
}

describe('parseCsvBars', () => {
  it('reads bars in ascending date order, upper-casing the symbol', () => {
    const text = csv(HEADER, '2025-10-02,10.5,11,10,10.75,1200', '2025-10-01,10,10.6,9.9,10.5,1000');
    expect(parseCsvBars(text, 'aapl')).toEqual([
      { symbol: 'AAPL', date: '2025-10-01', open: 10, high: 10.6, low: 9.9, close: 10.5, volume: 1000 },
      { symbol: 'AAPL', date: '2025-10-02', open: 10.5, high: 11, low: 10, close: 10.75, volume: 1200 },
    ]);
  });

  it("accepts Alpha Vantage's CSV: timestamp column, CRLF, newest first", () => {
    const text = [
      'timestamp,open,high,low,close,volume',
      '2025-10-30,271.9900,274.1400,268.4800,271.4000,56447186',
      '2025-10-29,269.2750,271.4100,267.1100,269.7000,51086742',
      '',
    ].join('\r\n');
    const bars = parseCsvBars(text, 'AAPL');
    expect(bars.map((bar) => bar.date)).toEqual(['2025-10-29', '2025-10-30']);
    expect(bars[1]).toMatchObject({
      open: 271.99,
      high: 274.14,
      low: 268.48,
      close: 271.4,
      volume: 56447186,
    });
  });

  it('takes columns in any order and case, ignores unknown columns, blank lines and a byte-order mark', () => {
    const text = csv(
      '\uFEFF',
      'Volume, Close ,Adj Close,LOW,High,Open,Date',
      '',
      '500,20,19.5,19,21,19.8,2024-02-29',
      '   ',
    );
    expect(parseCsvBars(text, 'MSFT')).toEqual([
      { symbol: 'MSFT', date: '2024-02-29', open: 19.8, high: 21, low: 19, close: 20, volume: 500 },
    ]);
  });

  it('honours double-quoted fields', () => {
    const text = csv(
      '"date","open","high","low","close","volume","note"',
      '"2025-01-03","1","2","0.5","1.5","1000","a, ""quoted"" note"',
    );
    expect(parseCsvBars(text, 'ZS')).toEqual([
      { symbol: 'ZS', date: '2025-01-03', open: 1, high: 2, low: 0.5, close: 1.5, volume: 1000 },
    ]);
  });

  it('checks an optional symbol column against the symbol on every row', () => {
    const text = csv(`symbol,${HEADER}`, 'nvda,2025-01-02,1,2,0.5,1.5,10', 'NVDA,2025-01-03,1,2,0.5,1.5,10');
    expect(parseCsvBars(text, 'NVDA').map((bar) => bar.symbol)).toEqual(['NVDA', 'NVDA']);
    const mixed = csv(`symbol,${HEADER}`, 'NVDA,2025-01-02,1,2,0.5,1.5,10', 'AMD,2025-01-03,1,2,0.5,1.5,10');
    expect(() => parseCsvBars(mixed, 'NVDA')).toThrow('line 3: symbol AMD does not match NVDA');
    expect(() => parseCsvBars(mixed, 'AMD')).toThrow('line 2: symbol NVDA does not match AMD');
  });

  it('reports the line of a bad value, counting blank lines', () => {
    const text = csv(
      HEADER,
      '2025-10-01,10,11,9,10.5,100',
      '',
      '2025-10-02,10,11,9,10.5,100',
      '2025-10-03,10,11,9,10.5,100',
      '2025-10-06,10,11,9,10.5,100',
      '2025-10-07,10,11,9,abc,100',
    );
    const error = importErrorOf(() => parseCsvBars(text, 'AAPL'));
    expect(error.message).toBe('line 7: close is not a number: "abc"');
    expect(error.line).toBe(7);
    expect(error.name).toBe('ImportError');
  });

  it.each([
    ['an empty field', '2025-10-01,10,11,9,,100', 'line 2: close is not a number: ""'],
    ['a hexadecimal number', '2025-10-01,0x10,11,9,10,100', 'line 2: open is not a number: "0x10"'],
    ['an infinite number', '2025-10-01,10,Infinity,9,10,100', 'line 2: high is not a number: "Infinity"'],
    ['an overflowing number', '2025-10-01,10,1e999,9,10,100', 'line 2: high is not a number: "1e999"'],
    ['a zero price', '2025-10-01,10,11,0,10,100', 'line 2: low must be positive, got 0'],
    ['a negative price', '2025-10-01,-10,11,9,10,100', 'line 2: open must be positive, got -10'],
    ['high below low', '2025-10-01,10,9,11,10,100', 'line 2: high 9 is below low 11'],
    [
      'a fractional volume',
      '2025-10-01,10,11,9,10,100.5',
      'line 2: volume must be a non-negative whole number, got 100.5',
    ],
    [
      'a negative volume',
      '2025-10-01,10,11,9,10,-1',
      'line 2: volume must be a non-negative whole number, got -1',
    ],
    ['a missing volume', '2025-10-01,10,11,9,10,x', 'line 2: volume is not a number: "x"'],
    ['a slashed date', '2025/10/01,10,11,9,10,100', 'line 2: date "2025/10/01" is not a YYYY-MM-DD date'],
    ['an impossible date', '2025-02-30,10,11,9,10,100', 'line 2: date "2025-02-30" is not a YYYY-MM-DD date'],
    ['a short row', '2025-10-01,10,11,9,10', 'line 2: expected 6 fields like the header, found 5'],
    ['a long row', '2025-10-01,10,11,9,10,100,7', 'line 2: expected 6 fields like the header, found 7'],
    ['an unclosed quote', '"2025-10-01,10,11,9,10,100', 'line 2: a quoted field is never closed'],
  ])('rejects %s', (_label, row, message) => {
    expect(() => parseCsvBars(csv(HEADER, row), 'AAPL')).toThrow(message);
  });

  it('rejects a repeated date, naming both lines', () => {
    const text = csv(
      HEADER,
      '2025-10-01,10,11,9,10,100',
      '2025-10-02,10,11,9,10,100',
      '2025-10-01,10,11,9,10,100',
    );
    expect(() => parseCsvBars(text, 'AAPL')).toThrow('line 4: duplicate date 2025-10-01 (first on line 2)');
  });

  it.each([
    ['an empty file', '\n  \n', /the file is empty/],
    ['a header without rows', `\n${HEADER}\n`, 'line 2: no data rows after the header'],
    ['a missing column', 'date,open,high,low,close\n2025-10-01,1,1,1,1', 'line 1: missing column volume'],
    ['missing columns', 'date,open,close\n2025-10-01,1,1', 'line 1: missing columns high, low, volume'],
    [
      'date and timestamp both',
      `timestamp,${HEADER}\n2025-10-01,2025-10-01,1,1,1,1,1`,
      'line 1: the date column appears twice',
    ],
  ])('rejects %s', (_label, text, message) => {
    expect(() => parseCsvBars(text, 'AAPL')).toThrow(message);
  });

  it('rejects a symbol argument that is not a ticker', () => {
    expect(() => parseCsvBars(csv(HEADER, '2025-10-01,10,11,9,10,100'), 'not a ticker')).toThrow(ImportError);
  });
});

describe('csvSymbol', () => {
  it('reads the ticker from the symbol column, if there is one', () => {
    expect(csvSymbol(csv(`${HEADER},symbol`, '2025-10-01,10,11,9,10,100,brk.b'))).toBe('BRK.B');
    expect(csvSymbol(csv(HEADER, '2025-10-01,10,11,9,10,100'))).toBeUndefined();
  });

  it('rejects a symbol cell that is not a ticker', () => {
    expect(() => csvSymbol(csv(`${HEADER},symbol`, '2025-10-01,10,11,9,10,100,'))).toThrow(
      'line 2: symbol "" is not a ticker symbol',
    );
  });
});
