import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePublishedDate, withholdFutureNews } from '../../src/news/news-filter.js';
import type { NewsItem } from '../../src/news/news-source.js';

const D = '2025-10-01';

function item(publishedDate: string | null, title = `dated ${String(publishedDate)}`): NewsItem {
  return { title, url: `https://news.example/${title.replace(/\W+/g, '-')}`, snippet: 'text', publishedDate };
}

describe('withholdFutureNews', () => {
  it('keeps news dated before D', () => {
    const result = withholdFutureNews([item('2025-09-30'), item('2024-01-02')], D);
    expect(result.items.map((i) => i.publishedDate)).toEqual(['2025-09-30', '2024-01-02']);
    expect(result.withheld).toBe(0);
  });

  it('withholds news dated on D', () => {
    expect(withholdFutureNews([item(D)], D)).toEqual({ items: [], withheld: 1 });
  });

  it('withholds news dated after D', () => {
    expect(withholdFutureNews([item('2025-10-02'), item('2026-01-01')], D)).toEqual({
      items: [],
      withheld: 2,
    });
  });

  it('withholds undated news', () => {
    expect(withholdFutureNews([item(null)], D)).toEqual({ items: [], withheld: 1 });
  });

  it('withholds a date it cannot read and normalises one it can', () => {
    const result = withholdFutureNews([item('3 days ago'), item('Sep 30, 2025')], D);
    expect(result.withheld).toBe(1);
    expect(result.items).toEqual([{ ...item('Sep 30, 2025'), publishedDate: '2025-09-30' }]);
  });

  it('counts a mixed list and keeps the order of what it keeps', () => {
    const items = [
      item('2025-09-29', 'a'),
      item(D, 'b'),
      item(null, 'c'),
      item('2025-09-30', 'd'),
      item('2025-12-01', 'e'),
    ];
    const result = withholdFutureNews(items, D);
    expect(result.items.map((i) => i.title)).toEqual(['a', 'd']);
    expect(result.withheld).toBe(3);
  });

  it('rejects a trading day that is not YYYY-MM-DD', () => {
    expect(() => withholdFutureNews([], '2025-10-1')).toThrow(RangeError);
  });
});

describe('parsePublishedDate', () => {
  it.each([
    ['2025-10-01', '2025-10-01'],
    ['2025-10-01T13:45:00Z', '2025-10-01'],
    ['2025-10-01T13:45:00.123Z', '2025-10-01'],
    ['2025-09-30T23:30:00Z', '2025-09-30'],
    ['2025-10-01 13:45:00+00:00', '2025-10-01'],
    // Evening in New York is already the next day in UTC.
    ['2025-09-30T21:00:00-05:00', '2025-10-01'],
    ['2025-09-30T21:00:00-0400', '2025-10-01'],
    // Morning in Tokyo is still the previous day in UTC.
    ['2025-10-01T08:00:00+09:00', '2025-09-30'],
    ['Wed, 01 Oct 2025 13:45:00 GMT', '2025-10-01'],
    ['Tue, 30 Sep 2025 22:15:00 -0400', '2025-10-01'],
    ['Tue, 30 Sep 2025 22:15:00 EDT', '2025-10-01'],
    ['Tue, 30 Sep 2025 19:15:00 EDT', '2025-09-30'],
    ['1 October 2025', '2025-10-01'],
    ['Oct 1, 2025', '2025-10-01'],
    ['Sept 30, 2025', '2025-09-30'],
    ['October 1st, 2025', '2025-10-01'],
    ['Wednesday, October 1, 2025', '2025-10-01'],
    ['Sep 30, 2025 at 9:15 PM ET', '2025-10-01'],
    ['Sep 30, 2025, 11:00 AM', '2025-09-30'],
    ['  2025-09-30  ', '2025-09-30'],
  ])('reads %j as %s', (value, expected) => {
    expect(parsePublishedDate(value)).toBe(expected);
  });

  it('reads a timestamp without a zone as the date written, whatever the host timezone', () => {
    expect(parsePublishedDate('2025-09-30T23:59:00')).toBe('2025-09-30');
    expect(parsePublishedDate('2025-10-01T00:01:00')).toBe('2025-10-01');
  });

  it('takes the later reading of an ambiguous numeric date', () => {
    expect(parsePublishedDate('10/01/2025')).toBe('2025-10-01');
    expect(parsePublishedDate('01/10/2025')).toBe('2025-10-01');
    expect(parsePublishedDate('30.09.2025')).toBe('2025-09-30');
  });

  it('reads a Date as its UTC date', () => {
    expect(parsePublishedDate(new Date('2025-09-30T23:30:00-04:00'))).toBe('2025-10-01');
  });

  it.each([
    [null],
    [undefined],
    [''],
    ['3 days ago'],
    ['yesterday'],
    ['2025-02-30'],
    ['2025-13-01'],
    ['Feb 30, 2025'],
    ['Octopus 1, 2025'],
    ['2025-10-01T25:00:00Z'],
    [1759326300000],
    [new Date(Number.NaN)],
    [{ date: '2025-10-01' }],
  ])('reads %j as undated', (value) => {
    expect(parsePublishedDate(value)).toBeNull();
  });

  it('never keeps a zoned timestamp at or after D 00:00 UTC', () => {
    const dayMs = 86_400_000;
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.integer({ min: -12 * 4, max: 14 * 4 }),
        // Trading days around the instant, where an off-by-one-day reading would show.
        fc.integer({ min: -2, max: 2 }),
        (instantMs, quarterHours, dayShift) => {
          const dayStartMs = (Math.floor(instantMs / dayMs) + dayShift) * dayMs;
          const asOf = new Date(dayStartMs).toISOString().slice(0, 10);
          const stamp = zonedTimestamp(instantMs, quarterHours * 15);
          const kept = withholdFutureNews([item(stamp)], asOf).items.length === 1;
          expect(kept).toBe(instantMs < dayStartMs);
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** The instant written as local time in a zone `offsetMinutes` east of UTC, with that offset. */
function zonedTimestamp(instantMs: number, offsetMinutes: number): string {
  const local = new Date(instantMs + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
