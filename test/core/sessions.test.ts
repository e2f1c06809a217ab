/**
 * Sessions as the unit of a job: daily exactly as the calendar always gave them, hourly as each
 * market defines its bars, labelled `YYYY-MM-DD HH:MM:SS` in local time as the benchmark writes them.
 */
import { describe, expect, it } from 'vitest';
import { CN_MARKET, CRYPTO_MARKET, US_MARKET, allMarkets } from '../../src/core/markets/index.js';
import {
  DEFAULT_FREQUENCY,
  FrequencyError,
  frequenciesOf,
  isFrequency,
  isSessionKey,
  isSessionLabel,
  isSessionOf,
  periodsPerYearOf,
  sessionDate,
  sessionFrequency,
  sessionOpensAt,
  sessionsBetween,
} from '../../src/core/sessions.js';
import { hkudsCnHourlyLabels, itWithHkuds, intradayBars } from './intraday-fixtures.js';

describe('session keys', () => {
  it('are a date for a day and a local label for an hour, told apart by their shape', () => {
    expect(sessionFrequency('2025-10-02')).toBe('daily');
    expect(sessionFrequency('2025-10-02 10:00:00')).toBe('hourly');
    expect(sessionDate('2025-10-02 15:00:00')).toBe('2025-10-02');
    expect(sessionDate('2025-10-02')).toBe('2025-10-02');
  });

  it.each(['2025-10-02 10:00', '2025-10-02T10:00:00', '2025-10-02 24:00:00', '2025-02-30 10:00:00', ''])(
    'refuses %j as a session label',
    (key) => {
      expect(isSessionLabel(key)).toBe(false);
      expect(isSessionKey(key)).toBe(false);
      expect(() => sessionFrequency(key)).toThrow(RangeError);
    },
  );

  it('sort as strings in time order within each kind', () => {
    const labels = [
      '2025-10-03 10:00:00',
      '2025-10-02 15:00:00',
      '2025-10-02 09:00:00',
      '2025-10-02 10:00:00',
    ];
    expect([...labels].sort()).toEqual([
      '2025-10-02 09:00:00',
      '2025-10-02 10:00:00',
      '2025-10-02 15:00:00',
      '2025-10-03 10:00:00',
    ]);
  });

  it('have daily for the default frequency, and only daily and hourly', () => {
    expect(DEFAULT_FREQUENCY).toBe('daily');
    expect(isFrequency('hourly')).toBe(true);
    expect(isFrequency('minute')).toBe(false);
    expect(isFrequency(undefined)).toBe(false);
  });
});

describe('daily sessions', () => {
  it('are the calendar’s sessions, unchanged, in every market', () => {
    for (const market of allMarkets()) {
      expect(sessionsBetween(market, 'daily', '2025-09-25', '2025-10-14')).toEqual(
        market.calendar.sessionsBetween('2025-09-25', '2025-10-14'),
      );
    }
  });

  it('refuse a bound with a time, which a day could fall either side of', () => {
    expect(() => sessionsBetween(US_MARKET, 'daily', '2025-10-23 14:00:00', '2025-10-27')).toThrow(
      'Daily sessions take YYYY-MM-DD bounds, got "2025-10-23 14:00:00"',
    );
  });

  it('annualise with the market’s daily periods', () => {
    expect(allMarkets().map((m) => periodsPerYearOf(m, 'daily'))).toEqual([252, 252, 365]);
  });
});

describe('US hourly sessions', () => {
  it('are the six bars 10:00..15:00 of each NYSE session, weekends skipped', () => {
    // The benchmark's configs/default_hour_config.json: 2025-10-23 14:00:00 .. 2025-10-27 19:00:00.
    const sessions = sessionsBetween(US_MARKET, 'hourly', '2025-10-23 14:00:00', '2025-10-27 19:00:00');
    const hours = ['10', '11', '12', '13', '14', '15'].map((h) => `${h}:00:00`);
    expect(sessions).toEqual([
      '2025-10-23 14:00:00',
      '2025-10-23 15:00:00',
      ...hours.map((time) => `2025-10-24 ${time}`),
      ...hours.map((time) => `2025-10-27 ${time}`),
    ]);
  });

  it('take a date bound as its whole day, and are empty when the bounds are reversed', () => {
    expect(sessionsBetween(US_MARKET, 'hourly', '2025-10-24', '2025-10-24')).toHaveLength(6);
    expect(sessionsBetween(US_MARKET, 'hourly', '2025-10-24 10:00:01', '2025-10-24 12:00:00')).toEqual([
      '2025-10-24 11:00:00',
      '2025-10-24 12:00:00',
    ]);
    expect(sessionsBetween(US_MARKET, 'hourly', '2025-10-25', '2025-10-26')).toEqual([]);
    expect(sessionsBetween(US_MARKET, 'hourly', '2025-10-27', '2025-10-24')).toEqual([]);
  });

  it('are exactly the bars Alpha Vantage serves over the benchmark’s recorded hourly run', () => {
    // The recorded run covers 2025-10-01 10:00 to 2025-11-07 15:00: 28 trading days of six bars.
    const sessions = sessionsBetween(US_MARKET, 'hourly', '2025-10-01', '2025-11-07');
    expect(sessions).toHaveLength(28 * 6);
    expect([sessions[0], sessions.at(-1)]).toEqual(['2025-10-01 10:00:00', '2025-11-07 15:00:00']);
    const served = intradayBars('NVDA')
      .map((bar) => bar.date)
      .filter((label) => label <= '2025-11-07 15:00:00');
    expect(sessions).toEqual(served);
  });

  it('annualise with the benchmark’s 252 x 6.5 periods, though six bars a day are traded', () => {
    expect(periodsPerYearOf(US_MARKET, 'hourly')).toBe(1638);
  });

  it('open on the hour in New York, daylight saving or not', () => {
    expect(sessionOpensAt(US_MARKET, '2025-10-02 10:00:00')).toBe('2025-10-02T14:00:00.000Z');
    expect(sessionOpensAt(US_MARKET, '2025-10-31 15:00:00')).toBe('2025-10-31T19:00:00.000Z');
    // US clocks went back on 2025-11-02: New York is UTC-5 from then on.
    expect(sessionOpensAt(US_MARKET, '2025-11-03 10:00:00')).toBe('2025-11-03T15:00:00.000Z');
  });

  it('know their own labels: on the hour, on trading days only', () => {
    expect(isSessionOf(US_MARKET, 'hourly', '2025-10-02 10:00:00')).toBe(true);
    expect(isSessionOf(US_MARKET, 'hourly', '2025-10-02 10:30:00')).toBe(false);
    expect(isSessionOf(US_MARKET, 'hourly', '2025-10-02 16:00:00')).toBe(false);
    expect(isSessionOf(US_MARKET, 'hourly', '2025-10-04 10:00:00')).toBe(false);
    expect(isSessionOf(US_MARKET, 'hourly', '2025-10-02')).toBe(false);
    expect(isSessionOf(US_MARKET, 'daily', '2025-10-02')).toBe(true);
    expect(isSessionOf(US_MARKET, 'daily', '2025-10-02 10:00:00')).toBe(false);
    expect(() => sessionOpensAt(US_MARKET, '2025-10-02 10:30:00')).toThrow(RangeError);
  });
});

describe('A-share hourly sessions', () => {
  it('are the four bars 10:30, 11:30, 14:00 and 15:00 of each SSE session, the October holiday skipped', () => {
    expect(sessionsBetween(CN_MARKET, 'hourly', '2025-09-30', '2025-10-09')).toEqual([
      '2025-09-30 10:30:00',
      '2025-09-30 11:30:00',
      '2025-09-30 14:00:00',
      '2025-09-30 15:00:00',
      '2025-10-09 10:30:00',
      '2025-10-09 11:30:00',
      '2025-10-09 14:00:00',
      '2025-10-09 15:00:00',
    ]);
  });

  itWithHkuds(
    'are exactly the bars of the benchmark’s own hourly A-share file (hkuds cn/merged_hourly.jsonl)',
    () => {
      const labels = hkudsCnHourlyLabels('600519.SH');
      const first = labels[0] as string;
      const last = labels.at(-1) as string;
      expect([first, last]).toEqual(['2025-10-09 10:30:00', '2025-11-19 15:00:00']);
      expect(sessionsBetween(CN_MARKET, 'hourly', first, last)).toEqual(labels);
    },
  );

  it('open an hour before their label, the bars being labelled by their end in Shanghai time', () => {
    // 10:30 is the bar 09:30-10:30 (UTC+8: 01:30Z); 14:00 the bar 13:00-14:00 after lunch.
    expect(sessionOpensAt(CN_MARKET, '2025-10-09 10:30:00')).toBe('2025-10-09T01:30:00.000Z');
    expect(sessionOpensAt(CN_MARKET, '2025-10-09 11:30:00')).toBe('2025-10-09T02:30:00.000Z');
    expect(sessionOpensAt(CN_MARKET, '2025-10-09 14:00:00')).toBe('2025-10-09T05:00:00.000Z');
    expect(sessionOpensAt(CN_MARKET, '2025-10-09 15:00:00')).toBe('2025-10-09T06:00:00.000Z');
  });

  it('annualise as the benchmark annualises every hourly run, with 252 x 6.5', () => {
    expect(periodsPerYearOf(CN_MARKET, 'hourly')).toBe(1638);
  });
});

describe('every market’s hourly definition', () => {
  it('lists its sessions in time order, each bar opening no later than its label', () => {
    for (const market of allMarkets()) {
      const sessions = market.hourly?.sessions ?? [];
      const labels = sessions.map((s) => s.label);
      expect([...labels].sort(), market.id).toEqual(labels);
      expect(new Set(labels).size, market.id).toBe(labels.length);
      for (const { label, opens } of sessions) {
        expect(isSessionLabel(`2025-10-02 ${label}`), `${market.id} ${label}`).toBe(true);
        expect(isSessionLabel(`2025-10-02 ${opens}`), `${market.id} ${opens}`).toBe(true);
        expect(opens <= label, `${market.id} ${label}`).toBe(true);
      }
    }
  });
});

describe('crypto', () => {
  it('has daily sessions only, as the benchmark has no hourly crypto agent', () => {
    expect(frequenciesOf(CRYPTO_MARKET)).toEqual(['daily']);
    expect(frequenciesOf(US_MARKET)).toEqual(['daily', 'hourly']);
    expect(() => sessionsBetween(CRYPTO_MARKET, 'hourly', '2025-11-01', '2025-11-02')).toThrow(
      FrequencyError,
    );
    expect(() => periodsPerYearOf(CRYPTO_MARKET, 'hourly')).toThrow(
      'market crypto has no hourly sessions (frequencies: daily)',
    );
    expect(isSessionOf(CRYPTO_MARKET, 'hourly', '2025-11-01 10:00:00')).toBe(false);
  });
});
