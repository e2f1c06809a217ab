import { describe, expect, it } from 'vitest';
import { AlphaVantageError } from '../../../src/market-data/alphavantage/errors.js';
import { parseDailySeries } from '../../../src/market-data/alphavantage/parse-daily.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureSymbols, fixtureText } from '../../helpers/fixtures.js';
import { CN_FIXTURES_DIR } from '../../helpers/market-fixtures.js';

type RawBar = Record<string, unknown>;

function bar(open: unknown, high: unknown, low: unknown, close: unknown, volume: unknown): RawBar {
  return { '1. open': open, '2. high': high, '3. low': low, '4. close': close, '5. volume': volume };
}

function payload(series: Record<string, RawBar>, symbol = 'TEST'): unknown {
  return {
    'Meta Data': {
      '1. Information': 'Daily Prices (open, high, low, close) and Volumes',
      '2. Symbol': symbol,
    },
    'Time Series (Daily)': series,
  };
}

function parseFailure(json: unknown, expectedSymbol?: string): AlphaVantageError {
  try {
    parseDailySeries(json, expectedSymbol);
  } catch (error) {
    expect(error).toBeInstanceOf(AlphaVantageError);
    return error as AlphaVantageError;
  }
  throw new Error('expected parseDailySeries to throw');
}

describe('parseDailySeries on the real fixtures', () => {
  it.each(fixtureSymbols())('parses %s into ascending, sane bars', (symbol) => {
    const bars = parseDailySeries(JSON.parse(fixtureText(symbol)), symbol);
    expect(bars.length).toBeGreaterThan(0);
    for (const [index, current] of bars.entries()) {
      expect(current.symbol).toBe(symbol);
      expect(current.close).toBeGreaterThan(0);
      expect(Number.isInteger(current.volume)).toBe(true);
      const previous = bars[index - 1];
      if (previous) expect(previous.date < current.date).toBe(true);
    }
  });

  it('reads AAPL as 100 bars from 2025-06-10 to 2025-10-30 with the exact values', () => {
    const bars = parseDailySeries(JSON.parse(fixtureText('AAPL')), 'AAPL');
    expect(bars).toHaveLength(100);
    expect(bars[0]?.date).toBe('2025-06-10');
    expect(bars.at(-1)).toEqual({
      symbol: 'AAPL',
      date: '2025-10-30',
      open: 271.99,
      high: 274.14,
      low: 268.48,
      close: 271.4,
      volume: 56447186,
    });
  });

  it('accepts the delisted FB series with its gaps as it is', () => {
    const bars = parseDailySeries(JSON.parse(fixtureText('FB')), 'FB');
    expect(bars.length).toBeLessThan(100);
    expect(bars.at(-1)?.date).toBe('2025-10-16');
  });
});

describe('parseDailySeries on the real Shanghai answers', () => {
  const files = readdirSync(CN_FIXTURES_DIR).filter((file) => file.endsWith('.SHH.json'));

  it.each(files)('parses %s under its Alpha Vantage symbol', (file) => {
    const avSymbol = file.replace(/\.json$/, '');
    const bars = parseDailySeries(JSON.parse(readFileSync(join(CN_FIXTURES_DIR, file), 'utf8')), avSymbol);
    expect(bars.length).toBeGreaterThan(100);
    expect(new Set(bars.map((bar) => bar.symbol))).toEqual(new Set([avSymbol]));
  });

  it('reads the thousands Alpha Vantage groups now and then (600519.SHH on 2025-11-06)', () => {
    const text = readFileSync(join(CN_FIXTURES_DIR, '600519.SHH.json'), 'utf8');
    expect(text).toContain('"1,435.1100"');
    const bars = parseDailySeries(JSON.parse(text), '600519.SHH');
    expect(bars.find((bar) => bar.date === '2025-11-06')).toEqual({
      symbol: '600519.SHH',
      date: '2025-11-06',
      open: 1420.08,
      high: 1435.11,
      low: 1420.01,
      close: 1433.33,
      volume: 3475300,
    });
  });
});

describe('parseDailySeries on hand-made payloads', () => {
  it('returns bars ascending by date whatever the key order', () => {
    const bars = parseDailySeries(
      payload({
        '2025-01-03': bar('3', '3', '3', '3', '30'),
        '2025-01-01': bar('1', '1', '1', '1', '10'),
        '2025-01-02': bar('2', '2', '2', '2', '20'),
      }),
    );
    expect(bars.map((b) => b.date)).toEqual(['2025-01-01', '2025-01-02', '2025-01-03']);
    expect(bars[1]).toEqual({
      symbol: 'TEST',
      date: '2025-01-02',
      open: 2,
      high: 2,
      low: 2,
      close: 2,
      volume: 20,
    });
  });

  it('reads strict groups of thousands, and only those', () => {
    const bars = parseDailySeries(
      payload({ '2025-01-02': bar('1,234.5', '12,345,678.25', '999', '1,000', '2,000,000') }),
    );
    expect(bars[0]).toMatchObject({
      open: 1234.5,
      high: 12345678.25,
      low: 999,
      close: 1000,
      volume: 2000000,
    });
    for (const odd of ['1,23', '1,2345', ',123', '1,,234', '1234,567']) {
      expect(() => parseDailySeries(payload({ '2025-01-02': bar(odd, '1', '1', '1', '1') }))).toThrow(
        AlphaVantageError,
      );
    }
  });

  it('accepts plain JSON numbers as well as Alpha Vantage strings', () => {
    const bars = parseDailySeries(payload({ '2025-01-02': bar(10.5, 11, 10, 10.75, 1000) }));
    expect(bars[0]?.close).toBe(10.75);
  });

  it('matches the expected symbol case-insensitively and reports it upper-case', () => {
    const bars = parseDailySeries(payload({ '2025-01-02': bar('1', '1', '1', '1', '1') }, 'msft'), 'MSFT');
    expect(bars[0]?.symbol).toBe('MSFT');
  });

  it.each([
    ['a negative price', bar('-1.00', '2', '1', '1', '5')],
    ['a zero price', bar('1', '2', '1', '0.0000', '5')],
    ['a NaN price', bar('NaN', '2', '1', '1', '5')],
    ['an infinite price', bar('1', 'Infinity', '1', '1', '5')],
    ['an empty price', bar('1', '2', '', '1', '5')],
    ['a non-numeric price', bar('1', '2', '1', '12,5', '5')],
    ['a negative volume', bar('1', '2', '1', '1', '-5')],
    ['a fractional volume', bar('1', '2', '1', '1', '5.5')],
    ['a missing field', { '1. open': '1', '2. high': '2', '3. low': '1', '4. close': '1' }],
  ])('rejects %s as bad_payload', (_what, badBar) => {
    const error = parseFailure(payload({ '2025-01-02': bar('1', '1', '1', '1', '1'), '2025-01-03': badBar }));
    expect(error.kind).toBe('bad_payload');
    expect(error.message).toContain('2025-01-03');
  });

  it.each([
    ['an impossible date', payload({ '2025-02-30': bar('1', '1', '1', '1', '1') })],
    ['a date that is not YYYY-MM-DD', payload({ '02/01/2025': bar('1', '1', '1', '1', '1') })],
    ['an empty series', payload({})],
    ['a missing series', { 'Meta Data': { '2. Symbol': 'TEST' } }],
    ['missing metadata', { 'Time Series (Daily)': { '2025-01-02': bar('1', '1', '1', '1', '1') } }],
    ['a notice instead of data', { Note: 'Thank you for using Alpha Vantage!' }],
    ['null', null],
    ['an array', []],
    ['a string', 'not a payload'],
  ])('rejects %s as bad_payload', (_what, json) => {
    expect(parseFailure(json).kind).toBe('bad_payload');
  });

  it('rejects a payload for another symbol than the one expected', () => {
    const error = parseFailure(payload({ '2025-01-02': bar('1', '1', '1', '1', '1') }, 'MSFT'), 'AAPL');
    expect(error.kind).toBe('bad_payload');
    expect(error.message).toContain('MSFT');
  });
});
