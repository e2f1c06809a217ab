import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CalendarRangeError } from '../../../src/core/trading-calendar.js';
import { CN_MARKET, CRYPTO_MARKET, SSE_CALENDAR } from '../../../src/core/markets/index.js';
import { CN_FIXTURES_DIR } from '../../helpers/market-fixtures.js';

function reportedDates(file: string): string[] {
  const body = JSON.parse(readFileSync(join(CN_FIXTURES_DIR, file), 'utf8')) as {
    'Time Series (Daily)': Record<string, unknown>;
  };
  return Object.keys(body['Time Series (Daily)']).sort();
}

describe('the Shanghai Stock Exchange calendar', () => {
  it('holds a session on exactly the dates Alpha Vantage reports for the SSE-50 index', () => {
    const reported = reportedDates('000016.SHH.json');
    const first = reported[0] as string;
    const last = reported.at(-1) as string;
    expect([first, last]).toEqual(['2025-06-12', '2025-11-14']);
    expect(SSE_CALENDAR.sessionsBetween(first, last)).toEqual(reported);
  });

  it('is shut over the National Day and Mid-Autumn holiday of 1-8 October 2025, weekends included', () => {
    expect(SSE_CALENDAR.sessionsBetween('2025-09-29', '2025-10-10')).toEqual([
      '2025-09-29',
      '2025-09-30',
      '2025-10-09',
      '2025-10-10',
    ]);
    expect(SSE_CALENDAR.closureReason('2025-10-08')).toBe('National Day');
    // The working Saturday of the holiday schedule is still no trading day.
    expect(SSE_CALENDAR.closureReason('2025-10-11')).toBe('Weekend');
  });

  it('refuses years it has no holiday table for, naming its range', () => {
    expect(() => SSE_CALENDAR.isSession('2019-12-31')).toThrow(CalendarRangeError);
    expect(() => SSE_CALENDAR.isSession('2027-01-04')).toThrow(
      'Date 2027-01-04 is outside the SSE trading calendar (2020-01-01..2026-12-31)',
    );
    expect(CN_MARKET.calendar).toBe(SSE_CALENDAR);
  });
});

describe('the crypto calendar', () => {
  it('has a session on every calendar day, weekends and US holidays included', () => {
    expect(CRYPTO_MARKET.calendar.sessionsBetween('2025-12-24', '2026-01-02')).toHaveLength(10);
    expect(CRYPTO_MARKET.calendar.previousSession('2025-11-02')).toBe('2025-11-01');
  });
});
