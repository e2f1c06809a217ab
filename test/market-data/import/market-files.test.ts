/**
 * Importing every market's files, on small files in the benchmark's and Alpha Vantage's formats
 * written here (so a clone without ../shared tests them too) and on the committed fixture subsets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../src/market-data/import/import-error.js';
import { parsePricesFile } from '../../../src/market-data/import/import-file.js';
import { CN_SUBSET_DIR, CRYPTO_SUBSET_DIR } from '../../helpers/market-fixtures.js';

type Bar = Record<string, string>;

/** One line of the benchmark's `merged.jsonl`: Alpha Vantage's shape with buy and sell prices. */
function benchmarkLine(symbol: string, series: Record<string, Bar>, zone = 'UTC'): string {
  return JSON.stringify({
    'Meta Data': {
      '1. Information': 'Daily Prices (buy price, high, low, sell price) and Volumes',
      '2. Symbol': symbol,
      '3. Last Refreshed': '2025-11-16 00:00:00',
      '4. Output Size': 'Compact',
      '5. Time Zone': zone,
    },
    'Time Series (Daily)': series,
  });
}

const day = (open: string, high: string, low: string, close: string, volume: string): Bar => ({
  '2. high': high,
  '3. low': low,
  '5. volume': volume,
  '1. buy price': open,
  '4. sell price': close,
});

const CRYPTO_JSONL = [
  benchmarkLine('ADA-USDT', {
    '2025-11-16': { '1. buy price': '0.50320000' },
    '2025-11-15': day('0.49800000', '0.51700000', '0.49750000', '0.50340000', '45405216.03130236'),
    '2025-11-14': day('0.52950000', '0.53340000', '0.48970000', '0.49790000', '81212116.13692202'),
  }),
  benchmarkLine('BTC-USDT', {
    '2025-11-16': { '1. buy price': '95544.94000000' },
    '2025-11-15': day(
      '94501.08000000',
      '96747.02000000',
      '94222.20000000',
      '95544.94000000',
      '5157.02031554',
    ),
  }),
].join('\n');

const errorOf = (run: () => unknown): ImportError => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error('expected an ImportError');
};

describe("the benchmark's JSON Lines files", () => {
  it('reads every symbol of the file at once, skipping and reporting the incomplete latest bar', () => {
    const parsed = parsePricesFile('crypto/crypto_merged.jsonl', CRYPTO_JSONL);
    expect(parsed.skippedSymbols).toEqual([]);
    expect(parsed.series.map((s) => [s.symbol, s.format, s.bars.length])).toEqual([
      ['ADA-USDT', 'benchmark-jsonl', 2],
      ['BTC-USDT', 'benchmark-jsonl', 1],
    ]);
    const ada = parsed.series[0]!;
    expect(ada.bars.at(-1)).toEqual({
      symbol: 'ADA-USDT',
      date: '2025-11-15',
      open: 0.498,
      high: 0.517,
      low: 0.4975,
      close: 0.5034,
      volume: 45405216.03130236,
    });
    expect(ada.skippedBars).toEqual([
      { date: '2025-11-16', reason: 'incomplete, no high, low, close, volume' },
    ]);
  });

  it('keeps Shanghai symbols as the benchmark writes them', () => {
    const line = benchmarkLine(
      '600519.SH',
      {
        '2025-10-09': day('1440.0', '1455.5', '1431.01', '1449.8', '3110234'),
        '2025-11-19': { '1. buy price': '1474.0' },
      },
      'Asia/Shanghai',
    );
    const [series] = parsePricesFile('cn/merged.jsonl', `${line}\n`).series;
    expect(series?.symbol).toBe('600519.SH');
    expect(series?.bars.map((bar) => [bar.date, bar.open, bar.close])).toEqual([
      ['2025-10-09', 1440, 1449.8],
    ]);
    expect(series?.skippedBars.map((bar) => bar.date)).toEqual(['2025-11-19']);
  });

  it('picks one symbol out with --symbol, and says which it holds when it is not there', () => {
    const only = parsePricesFile('crypto_merged.jsonl', CRYPTO_JSONL, 'btc-usdt');
    expect(only.series.map((s) => s.symbol)).toEqual(['BTC-USDT']);
    expect(errorOf(() => parsePricesFile('x.jsonl', CRYPTO_JSONL, 'ETH-USDT')).message).toBe(
      'x.jsonl: the file holds no ETH-USDT (it holds ADA-USDT, BTC-USDT)',
    );
  });

  it('names the line of a broken document and of a symbol given twice', () => {
    expect(errorOf(() => parsePricesFile('x.jsonl', `${CRYPTO_JSONL}\n{"Meta Data": `)).message).toMatch(
      /^x\.jsonl: line 3: not valid JSON/,
    );
    const twice = `${CRYPTO_JSONL}\n${CRYPTO_JSONL.split('\n')[1]}`;
    expect(errorOf(() => parsePricesFile('x.jsonl', twice)).message).toBe(
      'x.jsonl: line 3: BTC-USDT appears twice (first on line 2)',
    );
    const bad = benchmarkLine('BTC-USDT', { '2025-11-15': day('1', '2', '0.5', 'n/a', '1') });
    expect(errorOf(() => parsePricesFile('x.jsonl', bad)).message).toMatch(
      /^x\.jsonl: line 1: 2025-11-15: 4\. sell price: /,
    );
  });

  it('reads the lines of a file not named .jsonl as JSON Lines too', () => {
    expect(parsePricesFile('merged.json', CRYPTO_JSONL).series.map((s) => s.format)).toEqual([
      'benchmark-jsonl',
      'benchmark-jsonl',
    ]);
  });

  it('refuses hourly bars, saying they are hourly, and stores nothing of the file', () => {
    const hourly = JSON.stringify({
      'Meta Data': { '2. Symbol': '600028.SH', '4. Interval': '60min' },
      'Time Series (60min)': { '2025-10-09 10:30:00': day('5.29', '5.32', '5.27', '5.31', '438429') },
    });
    const error = errorOf(() => parsePricesFile('cn/merged_hourly.jsonl', `${hourly}\n${hourly}`));
    expect(error.message).toBe(
      'cn/merged_hourly.jsonl: this file holds hourly bars ("Time Series (60min)", e.g. 2025-10-09 10:30:00), ' +
        'not daily ones: only daily bars can be imported; hourly prices are not supported yet',
    );
  });

  it("skips the benchmark's computed CD5 index, saying why, without failing", () => {
    const cd5 = JSON.stringify({
      'Meta Data': { '2. Symbol': 'CD5', '4. Interval': 'daily' },
      'Time Series (Daily)': {
        '2025-11-02': {
          '1. open': '50010.0000',
          '2. high': '0.0000',
          '3. low': '0.0000',
          '4. close': '50278.8474',
          '5. volume': '0',
        },
      },
    });
    const parsed = parsePricesFile('crypto/CD5_crypto_index.json', cd5);
    expect(parsed.series).toEqual([]);
    expect(parsed.skippedSymbols).toEqual([
      {
        symbol: 'CD5',
        reason:
          "CD5 is the benchmark's crypto index, not a tradable symbol: the server computes it from its coins' " +
          'prices (BTC-USDT, ETH-USDT, XRP-USDT, SOL-USDT, ADA-USDT), so import those instead',
      },
    ]);
  });
});

describe("Alpha Vantage's answers for every market", () => {
  it('reads a saved TIME_SERIES_DAILY of 600519.SHH as 600519.SH', () => {
    const text = readFileSync(join(CN_SUBSET_DIR, '600519.SHH.json'), 'utf8');
    const [series] = parsePricesFile('600519.SHH.json', text).series;
    expect(series?.symbol).toBe('600519.SH');
    expect(series?.format).toBe('alphavantage-json');
    expect(new Set(series?.bars.map((bar) => bar.symbol))).toEqual(new Set(['600519.SH']));
    // The day Alpha Vantage wrote "1,435.1100".
    expect(series?.bars.find((bar) => bar.date === '2025-11-06')?.high).toBe(1435.11);
    expect(parsePricesFile('600519.SHH.json', text, '600519.SH').series).toHaveLength(1);
  });

  it("reads the benchmark's SSE-50 index file (TIME_SERIES_DAILY under 000016.SH)", () => {
    const text = JSON.stringify({
      'Meta Data': { '2. Symbol': '000016.SH', '5. Time Zone': 'Asia/Shanghai' },
      'Time Series (Daily)': {
        '2025-11-19': {
          '1. open': '3004.6463',
          '2. high': '3033.2241',
          '3. low': '3004.2029',
          '4. close': '3020.3487',
          '5. volume': '48200355',
        },
      },
    });
    const [series] = parsePricesFile('cn/index_daily_sse_50.json', text).series;
    expect(series).toMatchObject({ symbol: '000016.SH', format: 'alphavantage-json' });
    expect(series?.bars[0]?.close).toBe(3020.3487);
  });

  it('reads a saved DIGITAL_CURRENCY_DAILY as the USDT pair, fractional volume and all', () => {
    const text = readFileSync(join(CRYPTO_SUBSET_DIR, 'BTC.json'), 'utf8');
    const [series] = parsePricesFile('BTC.json', text).series;
    expect(series?.symbol).toBe('BTC-USDT');
    expect(series?.format).toBe('alphavantage-crypto-json');
    expect(series?.bars.at(-1)?.volume).toBe(283.62152345);
    expect(errorOf(() => parsePricesFile('BTC.json', text, 'ETH-USDT')).message).toBe(
      'BTC.json: the file holds BTC-USDT but the symbol given is ETH-USDT',
    );
  });
});

describe('CSV files of every market', () => {
  const HEADER = 'date,open,high,low,close,volume';

  it('takes a coin pair or a Shanghai code from the file name, in any case', () => {
    expect(
      parsePricesFile(
        'btc-usdt.csv',
        `${HEADER}\n2025-11-15,94501.08,96747.02,94222.2,95544.94,5157.02031554\n`,
      ).series[0],
    ).toMatchObject({
      symbol: 'BTC-USDT',
      bars: [{ volume: 5157.02031554 }],
    });
    expect(
      parsePricesFile('600519.sh.csv', `${HEADER}\n2025-10-09,1440,1455.5,1431.01,1449.8,3110234\n`).series[0]
        ?.symbol,
    ).toBe('600519.SH');
  });

  it('keeps share volumes whole, and lets coins trade in fractions', () => {
    expect(() => parsePricesFile('600519.SH.csv', `${HEADER}\n2025-10-09,1,1,1,1,10.5\n`)).toThrow(
      'line 2: volume must be a non-negative whole number, got 10.5',
    );
    expect(() => parsePricesFile('ETH-USDT.csv', `${HEADER}\n2025-10-09,1,1,1,1,-0.5\n`)).toThrow(
      'line 2: volume must be non-negative, got -0.5',
    );
  });
});
