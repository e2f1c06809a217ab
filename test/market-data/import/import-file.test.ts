import { describe, expect, it } from 'vitest';
import { AlphaVantageError } from '../../../src/market-data/alphavantage/errors.js';
import { ImportError } from '../../../src/market-data/import/import-error.js';
import {
  detectFormat,
  parsePricesFile,
  symbolFromFileName,
  type ParsedSeries,
} from '../../../src/market-data/import/import-file.js';
import { fixtureText } from '../../helpers/fixtures.js';

/** The one symbol's series of a file that holds one. */
function parseBarsFile(path: string, text: string, symbol?: string): ParsedSeries {
  const { series, skippedSymbols } = parsePricesFile(path, text, symbol);
  expect(skippedSymbols).toEqual([]);
  expect(series).toHaveLength(1);
  return series[0]!;
}

const CSV = 'date,open,high,low,close,volume\n2025-10-01,10,11,9,10.5,100\n2025-10-02,10.5,12,10,11,200\n';

function alphaVantageJson(symbol: string, series: Record<string, Record<string, string>>): string {
  return JSON.stringify({ 'Meta Data': { '2. Symbol': symbol }, 'Time Series (Daily)': series });
}

const AV_BAR = {
  '1. open': '10.0',
  '2. high': '11.0',
  '3. low': '9.0',
  '4. close': '10.5',
  '5. volume': '100',
};

describe('detectFormat', () => {
  it('goes by content first, then by extension', () => {
    expect(detectFormat('AAPL.csv', CSV)).toBe('csv');
    expect(detectFormat('AAPL.txt', CSV)).toBe('csv');
    expect(detectFormat('AAPL.json', '{"Meta Data": {}}')).toBe('alphavantage-json');
    expect(detectFormat('AAPL.csv', '\uFEFF  \n{"Note": "rate limited"}')).toBe('alphavantage-json');
    expect(detectFormat('AAPL.json', 'oops')).toBe('alphavantage-json');
  });
});

describe('symbolFromFileName', () => {
  it.each([
    ['AAPL.json', 'AAPL'],
    // A ticker of the universe (or QQQ) is recognised in any case.
    ['aapl.csv', 'AAPL'],
    ['msft.csv', 'MSFT'],
    ['Nvda.csv', 'NVDA'],
    ['data/imports/nvda.csv', 'NVDA'],
    ['qqq.csv', 'QQQ'],
    // Any other name must be written as a ticker is: 1-5 capitals, optionally a share class.
    ['BRK.B.csv', 'BRK.B'],
    ['C:\\prices\\BRK.B.csv', 'BRK.B'],
    ['BF-B.csv', 'BF-B'],
    ['SPY.csv', 'SPY'],
    ['F.csv', 'F'],
    ['GOOGL', 'GOOGL'],
  ])('reads %s as %s', (path, symbol) => {
    expect(symbolFromFileName(path)).toBe(symbol);
  });

  it.each([
    'mydata.csv',
    'MYDATA.csv',
    'data.csv',
    'prices.csv',
    'spy.csv',
    'brk.b.csv',
    'AAPL2.csv',
    'AAPL.B.C.csv',
    'prices_2024.csv',
    'daily-prices.csv',
    '.csv',
    'data/',
    '2024.csv',
  ])('finds no ticker in %s', (path) => {
    expect(symbolFromFileName(path)).toBeUndefined();
  });

  it('recognises the lower-case names of the tickers it is given', () => {
    expect(symbolFromFileName('spy.csv', ['SPY'])).toBe('SPY');
    expect(symbolFromFileName('aapl.csv', ['SPY'])).toBeUndefined();
  });
});

describe('parseBarsFile with CSV', () => {
  it('names the symbol after the file', () => {
    const parsed = parseBarsFile('imports/amd.csv', CSV);
    expect(parsed.symbol).toBe('AMD');
    expect(parsed.format).toBe('csv');
    expect(parsed.bars.map((bar) => [bar.symbol, bar.date, bar.close])).toEqual([
      ['AMD', '2025-10-01', 10.5],
      ['AMD', '2025-10-02', 11],
    ]);
  });

  it('prefers an explicit symbol to the file name', () => {
    expect(parseBarsFile('prices.csv', CSV, 'tsla').symbol).toBe('TSLA');
  });

  it("prefers the file's symbol column to the file name, but not to an explicit symbol", () => {
    const withColumn = 'symbol,date,open,high,low,close,volume\nINTC,2025-10-01,10,11,9,10.5,100\n';
    expect(parseBarsFile('data.csv', withColumn).symbol).toBe('INTC');
    expect(() => parseBarsFile('data.csv', withColumn, 'AMD')).toThrow(
      'data.csv: line 2: symbol INTC does not match AMD',
    );
  });

  it('asks for --symbol when nothing names the symbol, saying which file names count', () => {
    expect(() => parseBarsFile('prices_2024.csv', CSV)).toThrow(
      /prices_2024\.csv: cannot tell which symbol.*--symbol/,
    );
    let message = '';
    try {
      parseBarsFile('in/mydata.csv', CSV);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('in/mydata.csv: cannot tell which symbol this CSV holds');
    expect(message).toContain('"mydata" is not a ticker');
    expect(message).toContain('--symbol');
    expect(message).toMatch(/NASDAQ-100.*aapl\.csv/);
    expect(message).toMatch(/1-5 capital letters.*BRK\.B\.csv/);
  });

  it('takes the symbol of a symbol column or --symbol whatever the file is called', () => {
    const withColumn = 'symbol,date,open,high,low,close,volume\nINTC,2025-10-01,10,11,9,10.5,100\n';
    expect(parseBarsFile('mydata.csv', withColumn).symbol).toBe('INTC');
    expect(parseBarsFile('mydata.csv', CSV, 'intc').symbol).toBe('INTC');
  });

  it('prefixes CSV errors with the file name and keeps the line number', () => {
    const broken = `${CSV}2025-10-03,1,2,3,oops,5\n`;
    let caught: unknown;
    try {
      parseBarsFile('in/AAPL.csv', broken);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ImportError);
    expect((caught as ImportError).message).toBe('in/AAPL.csv: line 4: close is not a number: "oops"');
    expect((caught as ImportError).line).toBe(4);
    expect((caught as ImportError).file).toBe('in/AAPL.csv');
  });

  it('rejects an explicit symbol that is not a ticker', () => {
    expect(() => parseBarsFile('AAPL.csv', CSV, 'apple inc')).toThrow(
      'AAPL.csv: "apple inc" is not a ticker symbol',
    );
  });
});

describe('parseBarsFile with Alpha Vantage JSON', () => {
  it('takes the symbol from Meta Data, whatever the file is called', () => {
    const text = alphaVantageJson('ibm', { '2025-10-02': AV_BAR, '2025-10-01': AV_BAR });
    const parsed = parseBarsFile('download (3).json', text);
    expect(parsed.symbol).toBe('IBM');
    expect(parsed.format).toBe('alphavantage-json');
    expect(parsed.bars.map((bar) => bar.date)).toEqual(['2025-10-01', '2025-10-02']);
  });

  it('rejects an explicit symbol the file contradicts', () => {
    const text = alphaVantageJson('IBM', { '2025-10-01': AV_BAR });
    expect(parseBarsFile('ibm.json', text, 'ibm').symbol).toBe('IBM');
    expect(() => parseBarsFile('ibm.json', text, 'MSFT')).toThrow(
      'ibm.json: the file holds IBM but the symbol given is MSFT',
    );
  });

  it('explains a saved Alpha Vantage notice instead of prices', () => {
    const text = JSON.stringify({
      Information: 'We have detected your API key as ... rate limit is 25 requests per day.',
    });
    expect(() => parseBarsFile('AAPL.json', text)).toThrow(
      /AAPL\.json: this is an Alpha Vantage "Information" response/,
    );
  });

  it('reports invalid JSON with the file name', () => {
    expect(() => parseBarsFile('AAPL.json', '{"Meta Data": ')).toThrow(/^AAPL\.json: not valid JSON/);
  });

  it('wraps a malformed series into an ImportError that keeps the cause', () => {
    const text = alphaVantageJson('AAPL', { '2025-10-01': { ...AV_BAR, '4. close': 'n/a' } });
    let caught: unknown;
    try {
      parseBarsFile('AAPL.json', text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ImportError);
    expect((caught as ImportError).message).toMatch(/^AAPL\.json: .*4\. close/);
    expect((caught as ImportError).cause).toBeInstanceOf(AlphaVantageError);
  });

  it('rejects a bar whose high is below its low', () => {
    const text = alphaVantageJson('AAPL', { '2025-10-01': { ...AV_BAR, '2. high': '8.0' } });
    expect(() => parseBarsFile('AAPL.json', text)).toThrow('AAPL.json: 2025-10-01: high 8 is below low 9');
  });
});

describe('parseBarsFile with a real Alpha Vantage response', () => {
  it('reads all 100 AAPL bars in ascending order', () => {
    const parsed = parseBarsFile('fixtures/AAPL.json', fixtureText('AAPL'));
    expect(parsed.symbol).toBe('AAPL');
    expect(parsed.format).toBe('alphavantage-json');
    expect(parsed.bars).toHaveLength(100);
    const dates = parsed.bars.map((bar) => bar.date);
    expect(dates).toEqual([...dates].sort());
    expect(parsed.bars.at(-1)).toEqual({
      symbol: 'AAPL',
      date: '2025-10-30',
      open: 271.99,
      high: 274.14,
      low: 268.48,
      close: 271.4,
      volume: 56447186,
    });
  });

  it('accepts the matching symbol in any case and refuses another', () => {
    expect(parseBarsFile('AAPL.json', fixtureText('AAPL'), 'aapl').bars).toHaveLength(100);
    expect(() => parseBarsFile('AAPL.json', fixtureText('AAPL'), 'MSFT')).toThrow(
      'AAPL.json: the file holds AAPL but the symbol given is MSFT',
    );
  });
});
