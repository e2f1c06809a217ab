import { describe, expect, it } from 'vitest';
import {
  CALENDAR_FIRST_YEAR,
  CALENDAR_LAST_YEAR,
  CalendarRangeError,
  closureReason,
  countTradingDays,
  isTradingDay,
  nextTradingDay,
  nyseHolidays,
  previousTradingDay,
  tradingDaysBetween,
} from '../../src/core/calendar.js';
import { easterSunday } from '../../src/core/nyse-holidays.js';
import { fixtureText } from '../helpers/fixtures.js';

function fixtureTradingDates(symbol: string): string[] {
  const body = JSON.parse(fixtureText(symbol)) as { 'Time Series (Daily)': Record<string, unknown> };
  return Object.keys(body['Time Series (Daily)']).sort();
}

describe('against the sessions Alpha Vantage actually reports', () => {
  for (const symbol of ['AAPL', 'QQQ']) {
    it(`${symbol}: every reported date is a session, and no session between them is missing`, () => {
      const reported = fixtureTradingDates(symbol);
      const first = reported[0];
      const last = reported.at(-1);
      if (first === undefined || last === undefined) throw new Error(`${symbol} fixture has no bars`);
      expect(first).toBe('2025-06-10');
      expect(last).toBe('2025-10-30');
      for (const date of reported) expect(closureReason(date), date).toBeNull();
      expect(tradingDaysBetween(first, last)).toEqual(reported);
    });
  }
});

describe('NYSE holidays of 2025', () => {
  it('closes exactly on the ten holidays plus the day of mourning for President Carter', () => {
    expect(nyseHolidays(2025)).toEqual([
      { date: '2025-01-01', name: "New Year's Day" },
      { date: '2025-01-09', name: "President Carter's day of mourning" },
      { date: '2025-01-20', name: 'Martin Luther King Jr. Day' },
      { date: '2025-02-17', name: "Washington's Birthday" },
      { date: '2025-04-18', name: 'Good Friday' },
      { date: '2025-05-26', name: 'Memorial Day' },
      { date: '2025-06-19', name: 'Juneteenth National Independence Day' },
      { date: '2025-07-04', name: 'Independence Day' },
      { date: '2025-09-01', name: 'Labor Day' },
      { date: '2025-11-27', name: 'Thanksgiving Day' },
      { date: '2025-12-25', name: 'Christmas Day' },
    ]);
  });

  it('reports each of them as closed, with its name', () => {
    for (const { date, name } of nyseHolidays(2025)) {
      expect(isTradingDay(date), date).toBe(false);
      expect(closureReason(date)).toBe(name);
    }
  });

  it('hands out copies, so mutating the list does not change the calendar', () => {
    const holidays = nyseHolidays(2025);
    holidays.length = 0;
    expect(nyseHolidays(2025)).toHaveLength(11);
  });
});

describe('weekend observance', () => {
  it('observes Juneteenth from 2022 on only, Sunday moved to Monday', () => {
    expect(closureReason('2022-06-20')).toBe('Juneteenth National Independence Day (observed)');
    expect(isTradingDay('2021-06-18')).toBe(true);
    expect(isTradingDay('2020-06-19')).toBe(true);
    expect(closureReason('2027-06-18')).toBe('Juneteenth National Independence Day (observed)');
  });

  it('does not move a Saturday New Year back onto the Friday before', () => {
    expect(isTradingDay('2021-12-31')).toBe(true);
    expect(isTradingDay('2010-12-31')).toBe(true);
    expect(isTradingDay('2004-12-31')).toBe(true);
    expect(nyseHolidays(2022).map((h) => h.date)).not.toContain('2022-01-03');
  });

  it('moves a Sunday New Year to Monday January 2', () => {
    expect(closureReason('2023-01-02')).toBe("New Year's Day (observed)");
    expect(closureReason('2017-01-02')).toBe("New Year's Day (observed)");
  });

  it('moves Christmas and Independence Day to the nearest weekday', () => {
    expect(closureReason('2022-12-26')).toBe('Christmas Day (observed)');
    expect(closureReason('2021-12-24')).toBe('Christmas Day (observed)');
    expect(closureReason('2020-07-03')).toBe('Independence Day (observed)');
    expect(closureReason('2015-07-03')).toBe('Independence Day (observed)');
    expect(closureReason('2026-07-03')).toBe('Independence Day (observed)');
    expect(closureReason('2021-07-05')).toBe('Independence Day (observed)');
  });

  it('calls a Saturday or Sunday a weekend, even on the holiday itself', () => {
    expect(closureReason('2025-06-14')).toBe('Weekend');
    expect(closureReason('2025-06-15')).toBe('Weekend');
    expect(closureReason('2020-07-04')).toBe('Weekend');
  });
});

describe('moving holidays', () => {
  it('puts Good Friday two days before Western Easter', () => {
    expect(closureReason('2016-03-25')).toBe('Good Friday');
    expect(closureReason('2024-03-29')).toBe('Good Friday');
    expect(closureReason('2035-03-23')).toBe('Good Friday');
    expect(closureReason('2000-04-21')).toBe('Good Friday');
  });

  it('computes Easter right in early, late and century years', () => {
    expect(easterSunday(2000)).toBe('2000-04-23');
    expect(easterSunday(2008)).toBe('2008-03-23');
    expect(easterSunday(2011)).toBe('2011-04-24');
    expect(easterSunday(2019)).toBe('2019-04-21');
    expect(easterSunday(2038)).toBe('2038-04-25');
  });

  it('finds the nth and last weekdays of a month', () => {
    expect(closureReason('2024-01-15')).toBe('Martin Luther King Jr. Day');
    expect(closureReason('2024-02-19')).toBe("Washington's Birthday");
    expect(closureReason('2021-05-31')).toBe('Memorial Day');
    expect(closureReason('2020-09-07')).toBe('Labor Day');
    expect(closureReason('2018-11-22')).toBe('Thanksgiving Day');
  });
});

describe('special closures', () => {
  it('closes on each one-off day, under its own name', () => {
    for (const date of ['2001-09-11', '2001-09-12', '2001-09-13', '2001-09-14']) {
      expect(closureReason(date)).toBe('September 11 attacks');
    }
    expect(closureReason('2004-06-11')).toBe("President Reagan's funeral");
    expect(closureReason('2007-01-02')).toBe("President Ford's day of mourning");
    expect(closureReason('2012-10-29')).toBe('Hurricane Sandy');
    expect(closureReason('2012-10-30')).toBe('Hurricane Sandy');
    expect(closureReason('2018-12-05')).toBe("President G. H. W. Bush's day of mourning");
    expect(closureReason('2025-01-09')).toBe("President Carter's day of mourning");
  });

  it('reopens right after them', () => {
    expect(nextTradingDay('2001-09-10')).toBe('2001-09-17');
    expect(nextTradingDay('2012-10-26')).toBe('2012-10-31');
  });
});

describe('ordinary sessions', () => {
  it('trades on a normal Friday and on early-close days', () => {
    expect(isTradingDay('2025-06-13')).toBe(true);
    expect(closureReason('2025-06-13')).toBeNull();
    expect(isTradingDay('2025-07-03')).toBe(true);
    expect(isTradingDay('2025-11-28')).toBe(true);
    expect(isTradingDay('2025-12-24')).toBe(true);
  });
});

describe('sessions per year', () => {
  it.each([
    [2001, 248],
    [2012, 250],
    [2019, 252],
    [2023, 250],
    [2024, 252],
  ])('%i has %i sessions', (year, sessions) => {
    expect(countTradingDays(`${year}-01-01`, `${year}-12-31`)).toBe(sessions);
  });

  it('keeps every year of the range between 240 and 260 sessions', () => {
    for (let year = CALENDAR_FIRST_YEAR; year <= CALENDAR_LAST_YEAR; year++) {
      const sessions = countTradingDays(`${year}-01-01`, `${year}-12-31`);
      expect(sessions, String(year)).toBeGreaterThanOrEqual(240);
      expect(sessions, String(year)).toBeLessThanOrEqual(260);
    }
  });
});

describe('tradingDaysBetween', () => {
  it('includes both ends when they are sessions, in ascending order', () => {
    expect(tradingDaysBetween('2025-07-01', '2025-07-08')).toEqual([
      '2025-07-01',
      '2025-07-02',
      '2025-07-03',
      '2025-07-07',
      '2025-07-08',
    ]);
  });

  it('spans year boundaries', () => {
    expect(tradingDaysBetween('2024-12-30', '2025-01-03')).toEqual([
      '2024-12-30',
      '2024-12-31',
      '2025-01-02',
      '2025-01-03',
    ]);
  });

  it('is empty over a weekend alone or when start is after end', () => {
    expect(tradingDaysBetween('2025-06-14', '2025-06-15')).toEqual([]);
    expect(tradingDaysBetween('2025-06-13', '2025-06-12')).toEqual([]);
    expect(countTradingDays('2025-06-13', '2025-06-12')).toBe(0);
  });

  it('agrees with isTradingDay on every date of the whole range', () => {
    const sessions = tradingDaysBetween('2000-01-01', '2035-12-31');
    const sessionSet = new Set(sessions);
    expect(sessions).toEqual([...sessions].sort());
    expect(sessionSet.size).toBe(sessions.length);
    for (let year = CALENDAR_FIRST_YEAR; year <= CALENDAR_LAST_YEAR; year++) {
      for (const { date } of nyseHolidays(year)) expect(sessionSet.has(date), date).toBe(false);
    }
    expect(sessions.every((date) => isTradingDay(date))).toBe(true);
  });
});

describe('previousTradingDay and nextTradingDay', () => {
  it('step strictly over weekends and holidays', () => {
    expect(previousTradingDay('2025-07-07')).toBe('2025-07-03');
    expect(nextTradingDay('2025-07-03')).toBe('2025-07-07');
    expect(previousTradingDay('2025-04-21')).toBe('2025-04-17');
    expect(nextTradingDay('2025-06-13')).toBe('2025-06-16');
    expect(previousTradingDay('2025-01-02')).toBe('2024-12-31');
  });

  it('never return the date itself, even when it is a session', () => {
    expect(previousTradingDay('2025-06-11')).toBe('2025-06-10');
    expect(nextTradingDay('2025-06-10')).toBe('2025-06-11');
  });

  it('accept a closed day as the starting point', () => {
    expect(previousTradingDay('2025-06-14')).toBe('2025-06-13');
    expect(nextTradingDay('2025-12-25')).toBe('2025-12-26');
  });
});

describe('range limits', () => {
  it('covers 2000-01-01 through 2035-12-31', () => {
    expect(closureReason('2000-01-01')).toBe('Weekend');
    expect(isTradingDay('2035-12-31')).toBe(true);
    // The exported bounds, which trigger and CLI validation use, are the years the calendar answers for.
    expect(nyseHolidays(CALENDAR_FIRST_YEAR)).not.toEqual([]);
    expect(nyseHolidays(CALENDAR_LAST_YEAR)).not.toEqual([]);
    expect(() => nyseHolidays(CALENDAR_FIRST_YEAR - 1)).toThrow(CalendarRangeError);
    expect(() => nyseHolidays(CALENDAR_LAST_YEAR + 1)).toThrow(CalendarRangeError);
  });

  it('throws CalendarRangeError for dates and years outside it', () => {
    expect(() => isTradingDay('1999-12-31')).toThrow(CalendarRangeError);
    expect(() => closureReason('2036-01-01')).toThrow(CalendarRangeError);
    expect(() => tradingDaysBetween('1999-12-01', '2000-01-31')).toThrow(CalendarRangeError);
    expect(() => countTradingDays('2035-12-01', '2036-01-31')).toThrow(CalendarRangeError);
    expect(() => nyseHolidays(1999)).toThrow(CalendarRangeError);
    expect(() => nyseHolidays(2036)).toThrow(CalendarRangeError);
  });

  it('throws CalendarRangeError when the neighbouring session lies outside it', () => {
    expect(() => previousTradingDay('2000-01-03')).toThrow(CalendarRangeError);
    expect(() => nextTradingDay('2035-12-31')).toThrow(CalendarRangeError);
  });

  it('is an Error with its own name', () => {
    const error = new CalendarRangeError('Date 1999-01-01');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('CalendarRangeError');
  });

  it('rejects malformed dates with a RangeError', () => {
    expect(() => isTradingDay('2025-02-30')).toThrow(RangeError);
    expect(() => isTradingDay('2025-6-10')).toThrow(RangeError);
  });
});
