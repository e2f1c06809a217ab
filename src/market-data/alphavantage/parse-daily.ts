import { z } from 'zod';
import type { DailyBar } from '../../core/bars.js';
import { AlphaVantageError } from './errors.js';
import { byDate, datedSeries, describeIssues, priceField, shareVolumeField } from './series-fields.js';

export const DAILY_SERIES_KEY = 'Time Series (Daily)';

const barSchema = z.object({
  '1. open': priceField,
  '2. high': priceField,
  '3. low': priceField,
  '4. close': priceField,
  '5. volume': shareVolumeField,
});

const dailySeriesSchema = z.object({
  'Meta Data': z.object({ '2. Symbol': z.string().trim().min(1) }),
  [DAILY_SERIES_KEY]: datedSeries(barSchema),
});

/**
 * Turns a decoded TIME_SERIES_DAILY response (from the API or from a saved file) into bars sorted by
 * ascending date, under the symbol the payload names (in Alpha Vantage's spelling: `600519.SHH`).
 * Throws `AlphaVantageError` kind 'bad_payload' for anything malformed, including a symbol other
 * than `expectedSymbol` (compared case-insensitively), so a mislabelled file is never stored under
 * the wrong ticker.
 */
export function parseDailySeries(json: unknown, expectedSymbol?: string): DailyBar[] {
  const label = expectedSymbol ?? 'TIME_SERIES_DAILY';
  const parsed = dailySeriesSchema.safeParse(json);
  if (!parsed.success) {
    throw new AlphaVantageError(
      'bad_payload',
      `${label}: malformed daily series: ${describeIssues(parsed.error)}`,
    );
  }
  const reportedSymbol = parsed.data['Meta Data']['2. Symbol'];
  if (expectedSymbol !== undefined && reportedSymbol.toUpperCase() !== expectedSymbol.trim().toUpperCase()) {
    throw new AlphaVantageError(
      'bad_payload',
      `${label}: the payload is for symbol ${JSON.stringify(reportedSymbol)}`,
    );
  }
  const symbol = reportedSymbol.toUpperCase();
  return Object.entries(parsed.data[DAILY_SERIES_KEY])
    .map(([date, bar]) => ({
      symbol,
      date,
      open: bar['1. open'],
      high: bar['2. high'],
      low: bar['3. low'],
      close: bar['4. close'],
      volume: bar['5. volume'],
    }))
    .sort(byDate);
}
