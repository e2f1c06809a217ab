import { z } from 'zod';
import type { DailyBar } from '../../core/bars.js';
import { AlphaVantageError } from './errors.js';
import { byDate, coinVolumeField, datedSeries, describeIssues, priceField } from './series-fields.js';
import { COIN_QUOTE_MARKET, pairOfCoin } from './symbols.js';

export const DIGITAL_SERIES_KEY = 'Time Series (Digital Currency Daily)';

/**
 * The keys a field has had over the years. Today `1. open`; older answers gave every price in the
 * quote market and in USD (`1a. open (CNY)`, `1b. open (USD)`), which with market=USD are both USD.
 */
const FIELD_KEYS = {
  open: ['1. open', `1a. open (${COIN_QUOTE_MARKET})`, `1b. open (${COIN_QUOTE_MARKET})`],
  high: ['2. high', `2a. high (${COIN_QUOTE_MARKET})`, `2b. high (${COIN_QUOTE_MARKET})`],
  low: ['3. low', `3a. low (${COIN_QUOTE_MARKET})`, `3b. low (${COIN_QUOTE_MARKET})`],
  close: ['4. close', `4a. close (${COIN_QUOTE_MARKET})`, `4b. close (${COIN_QUOTE_MARKET})`],
  volume: ['5. volume'],
} as const;

type Field = keyof typeof FIELD_KEYS;

/** A bar under today's keys, whichever generation of keys it came with (absent fields stay absent). */
function canonicalBar(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const record = raw as Record<string, unknown>;
  const bar: Partial<Record<Field, unknown>> = {};
  for (const field of Object.keys(FIELD_KEYS) as Field[]) {
    const key = FIELD_KEYS[field].find((candidate) => candidate in record);
    if (key !== undefined) bar[field] = record[key];
  }
  return bar;
}

const barSchema = z.preprocess(
  canonicalBar,
  z.object({
    open: priceField,
    high: priceField,
    low: priceField,
    close: priceField,
    volume: coinVolumeField,
  }),
);

const digitalSeriesSchema = z.object({
  'Meta Data': z.object({
    '2. Digital Currency Code': z.string().trim().min(1),
    '4. Market Code': z.string().trim().min(1),
  }),
  [DIGITAL_SERIES_KEY]: datedSeries(barSchema),
});

/**
 * Turns a decoded DIGITAL_CURRENCY_DAILY response (market USD, days in UTC) into bars of the coin's
 * USDT pair (`BTC` -> `BTC-USDT`), ascending by date, volume in coins (fractional). Throws
 * `AlphaVantageError` 'bad_payload' for anything malformed, for a coin other than `expectedCoin`,
 * and for a quote market other than USD (its prices would not be the pair's).
 */
export function parseDigitalCurrencyDaily(json: unknown, expectedCoin?: string): DailyBar[] {
  const label = expectedCoin ?? 'DIGITAL_CURRENCY_DAILY';
  const parsed = digitalSeriesSchema.safeParse(json);
  if (!parsed.success) {
    throw new AlphaVantageError(
      'bad_payload',
      `${label}: malformed digital currency series: ${describeIssues(parsed.error)}`,
    );
  }
  const meta = parsed.data['Meta Data'];
  const coin = meta['2. Digital Currency Code'].toUpperCase();
  if (expectedCoin !== undefined && coin !== expectedCoin.trim().toUpperCase()) {
    throw new AlphaVantageError('bad_payload', `${label}: the payload is for coin ${JSON.stringify(coin)}`);
  }
  const market = meta['4. Market Code'].toUpperCase();
  if (market !== COIN_QUOTE_MARKET) {
    throw new AlphaVantageError(
      'bad_payload',
      `${label}: prices are quoted in ${market}; only ${COIN_QUOTE_MARKET} quotes stand for the ${pairOfCoin(coin)} pair`,
    );
  }
  const symbol = pairOfCoin(coin);
  return Object.entries(parsed.data[DIGITAL_SERIES_KEY])
    .map(([date, bar]) => ({ symbol, date, ...bar }))
    .sort(byDate);
}
