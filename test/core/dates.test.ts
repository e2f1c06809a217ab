import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  calendarDaysBetween,
  dayOfWeek,
  eachDate,
  isIsoDate,
  todayUtc,
} from '../../src/core/dates.js';

const anyDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('isIsoDate', () => {
  it('accepts real dates in strict YYYY-MM-DD form, leap days included', () => {
    for (const date of ['2025-01-01', '2025-12-31', '2024-02-29', '2000-02-29', '1999-06-15']) {
      expect(isIsoDate(date), date).toBe(true);
    }
  });

  it('rejects dates that do not exist', () => {
    for (const date of [
      '2025-02-30',
      '2025-02-29',
      '1900-02-29',
      '2025-04-31',
      '2025-13-01',
      '2025-00-10',
      '2025-01-00',
    ]) {
      expect(isIsoDate(date), date).toBe(false);
    }
  });

  it('rejects anything but the strict form', () => {
    for (const text of [
      '2025-1-01',
      '2025-01-1',
      '25-01-01',
      '2025/01/01',
      '2025-01-01T00:00:00Z',
      ' 2025-01-01',
      '2025-01-01 ',
      '',
    ]) {
      expect(isIsoDate(text), JSON.stringify(text)).toBe(false);
    }
  });
});

describe('addDays', () => {
  it('moves forward and backward across month, year and leap-day boundaries', () => {
    expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2025-06-10', 0)).toBe('2025-06-10');
    expect(addDays('2025-01-01', 365)).toBe('2026-01-01');
  });

  it('is not shifted by daylight-saving changes', () => {
    expect(addDays('2025-03-08', 1)).toBe('2025-03-09');
    expect(addDays('2025-03-09', 1)).toBe('2025-03-10');
    expect(addDays('2025-11-02', 1)).toBe('2025-11-03');
  });

  it('refuses a malformed date or a fractional offset', () => {
    expect(() => addDays('2025-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2025-01-01', 0.5)).toThrow(RangeError);
  });

  it('is undone by adding the opposite offset', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -5000, max: 5000 }), (date, n) => {
        expect(addDays(addDays(date, n), -n)).toBe(date);
      }),
    );
  });
});

describe('dayOfWeek', () => {
  it('counts from Sunday = 0', () => {
    expect(dayOfWeek('2025-06-08')).toBe(0);
    expect(dayOfWeek('2025-06-09')).toBe(1);
    expect(dayOfWeek('2025-06-13')).toBe(5);
    expect(dayOfWeek('2025-06-14')).toBe(6);
    expect(dayOfWeek('2000-01-01')).toBe(6);
  });
});

describe('calendarDaysBetween', () => {
  it('is to minus from, negative when to comes first', () => {
    expect(calendarDaysBetween('2025-01-01', '2025-01-01')).toBe(0);
    expect(calendarDaysBetween('2025-01-01', '2025-03-01')).toBe(59);
    expect(calendarDaysBetween('2024-01-01', '2024-03-01')).toBe(60);
    expect(calendarDaysBetween('2025-03-01', '2025-01-01')).toBe(-59);
  });

  it('measures exactly the offset addDays applied', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -5000, max: 5000 }), (date, n) => {
        expect(calendarDaysBetween(date, addDays(date, n))).toBe(n);
      }),
    );
  });
});

describe('eachDate', () => {
  it('lists every date from start to end, both included', () => {
    expect(eachDate('2024-02-27', '2024-03-02')).toEqual([
      '2024-02-27',
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
      '2024-03-02',
    ]);
  });

  it('holds the single date when start equals end', () => {
    expect(eachDate('2025-06-10', '2025-06-10')).toEqual(['2025-06-10']);
  });

  it('is empty when start is after end', () => {
    expect(eachDate('2025-06-11', '2025-06-10')).toEqual([]);
  });

  it('has one more entry than the days between its ends', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 400 }), (start, n) => {
        const dates = eachDate(start, addDays(start, n));
        expect(dates).toHaveLength(n + 1);
        expect(dates.at(-1)).toBe(addDays(start, n));
      }),
    );
  });
});

describe('todayUtc', () => {
  it('formats the given instant as its UTC date, whatever the local time there', () => {
    expect(todayUtc(new Date('2025-06-10T23:59:59.999Z'))).toBe('2025-06-10');
    expect(todayUtc(new Date('2025-06-11T00:00:00.000Z'))).toBe('2025-06-11');
    // 20:00 in New York on June 10 is already June 11 in UTC.
    expect(todayUtc(new Date('2025-06-10T20:00:00-04:00'))).toBe('2025-06-11');
  });

  it('refuses an invalid Date', () => {
    expect(() => todayUtc(new Date('nonsense'))).toThrow(RangeError);
  });
});
