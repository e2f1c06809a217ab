import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlphaVantageError } from '../../../src/market-data/alphavantage/errors.js';
import { parseDigitalCurrencyDaily } from '../../../src/market-data/alphavantage/parse-digital-daily.js';
import { CRYPTO_FIXTURES_DIR } from '../../helpers/market-fixtures.js';

const coinFiles = readdirSync(CRYPTO_FIXTURES_DIR).filter((file) => file.endsWith('.json'));
const fixture = (coin: string): unknown =>
  JSON.parse(readFileSync(join(CRYPTO_FIXTURES_DIR, `${coin}.json`), 'utf8')) as unknown;

function payload(series: Record<string, unknown>, coin = 'BTC', market = 'USD'): unknown {
  return {
    'Meta Data': {
      '1. Information': 'Daily Prices and Volumes for Digital Currency',
      '2. Digital Currency Code': coin,
      '3. Digital Currency Name': 'Bitcoin',
      '4. Market Code': market,
      '5. Market Name': 'United States Dollar',
      '7. Time Zone': 'UTC',
    },
    'Time Series (Digital Currency Daily)': series,
  };
}

function failure(json: unknown, coin?: string): AlphaVantageError {
  try {
    parseDigitalCurrencyDaily(json, coin);
  } catch (error) {
    expect(error).toBeInstanceOf(AlphaVantageError);
    return error as AlphaVantageError;
  }
  throw new Error('expected parseDigitalCurrencyDaily to throw');
}

describe('parseDigitalCurrencyDaily on the real DIGITAL_CURRENCY_DAILY answers', () => {
  it.each(coinFiles)('reads %s as the coin against USDT, every UTC day, ascending', (file) => {
    const coin = file.replace(/\.json$/, '');
    const bars = parseDigitalCurrencyDaily(fixture(coin), coin);
    expect(bars.length).toBeGreaterThan(300);
    expect(new Set(bars.map((bar) => bar.symbol))).toEqual(new Set([`${coin}-USDT`]));
    for (const [index, bar] of bars.entries()) {
      expect(bar.low).toBeLessThanOrEqual(Math.min(bar.open, bar.close));
      expect(bar.high).toBeGreaterThanOrEqual(Math.max(bar.open, bar.close));
      const previous = bars[index - 1];
      if (previous) expect(previous.date < bar.date).toBe(true);
    }
    // Weekends are trading days for coins: the series has Saturdays and Sundays.
    expect(bars.some((bar) => new Date(`${bar.date}T00:00:00Z`).getUTCDay() === 6)).toBe(true);
  });

  it('keeps the fractional volume in coins and the exact prices of BTC on 2025-11-16', () => {
    const bars = parseDigitalCurrencyDaily(fixture('BTC'), 'BTC');
    expect(bars.at(-1)).toEqual({
      symbol: 'BTC-USDT',
      date: '2025-11-16',
      open: 95544.94,
      high: 95650,
      low: 94971,
      close: 95374.01,
      volume: 283.62152345,
    });
  });
});

describe('parseDigitalCurrencyDaily on hand-made answers', () => {
  it('reads the older answers that gave every price as `1a. open (USD)` / `1b. open (USD)`', () => {
    const old = {
      '1a. open (USD)': '0.51230000',
      '1b. open (USD)': '0.51230000',
      '2a. high (USD)': '0.53000000',
      '2b. high (USD)': '0.53000000',
      '3a. low (USD)': '0.50100000',
      '3b. low (USD)': '0.50100000',
      '4a. close (USD)': '0.52110000',
      '4b. close (USD)': '0.52110000',
      '5. volume': '45405216.03130236',
      '6. market cap (USD)': '23660000.00000000',
    };
    expect(parseDigitalCurrencyDaily(payload({ '2025-11-15': old }, 'ADA'), 'ADA')).toEqual([
      {
        symbol: 'ADA-USDT',
        date: '2025-11-15',
        open: 0.5123,
        high: 0.53,
        low: 0.501,
        close: 0.5211,
        volume: 45405216.03130236,
      },
    ]);
  });

  it('reads an older answer that gave only the USD columns (`1b.` keys)', () => {
    const usdOnly = {
      '1b. open (USD)': '10',
      '2b. high (USD)': '12',
      '3b. low (USD)': '9',
      '4b. close (USD)': '11',
      '5. volume': '0.5',
    };
    const [bar] = parseDigitalCurrencyDaily(payload({ '2025-11-15': usdOnly }));
    expect(bar).toMatchObject({ symbol: 'BTC-USDT', open: 10, high: 12, low: 9, close: 11, volume: 0.5 });
  });

  it('refuses prices quoted in another market than USD', () => {
    const bar = { '1. open': '1', '2. high': '1', '3. low': '1', '4. close': '1', '5. volume': '1' };
    const error = failure(payload({ '2025-11-15': bar }, 'BTC', 'EUR'), 'BTC');
    expect(error.kind).toBe('bad_payload');
    expect(error.message).toContain('quoted in EUR');
  });

  it('refuses an answer for another coin than the one asked for', () => {
    const bar = { '1. open': '1', '2. high': '1', '3. low': '1', '4. close': '1', '5. volume': '1' };
    expect(failure(payload({ '2025-11-15': bar }, 'ETH'), 'BTC').message).toContain('ETH');
  });

  it.each([
    ['a bar without its close', { '1. open': '1', '2. high': '1', '3. low': '1', '5. volume': '1' }],
    [
      'a negative volume',
      { '1. open': '1', '2. high': '1', '3. low': '1', '4. close': '1', '5. volume': '-1' },
    ],
    ['a zero price', { '1. open': '0', '2. high': '1', '3. low': '1', '4. close': '1', '5. volume': '1' }],
  ])('refuses %s as bad_payload, naming the day', (_what, bar) => {
    const error = failure(payload({ '2025-11-15': bar }));
    expect(error.kind).toBe('bad_payload');
    expect(error.message).toContain('2025-11-15');
  });

  it('refuses an empty series and a TIME_SERIES_DAILY answer', () => {
    expect(failure(payload({})).kind).toBe('bad_payload');
    expect(failure({ 'Meta Data': { '2. Symbol': 'BTC' }, 'Time Series (Daily)': {} }).kind).toBe(
      'bad_payload',
    );
  });
});
