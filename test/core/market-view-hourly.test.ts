/**
 * The look-ahead guard by the minute: in hourly session T an agent sees every full bar before T
 * (the day's earlier hours and earlier days), only the open of T's bar, and nothing later; refused
 * the way the daily guard refuses. The daily guard's own tests (market-view.test.ts) are unchanged.
 */
import { describe, expect, it } from 'vitest';
import type { DailyBar, IntradayBar } from '../../src/core/bars.js';
import { DayLedger } from '../../src/core/ledger/day-ledger.js';
import { emptyPosition } from '../../src/core/ledger/position.js';
import { MarketView, type PriceField } from '../../src/core/market-view.js';
import { PriceIndex } from '../../src/core/price-index.js';

const HOURS = ['10', '11', '12', '13', '14', '15'].map((hour) => `${hour}:00:00`);
const UNIVERSE: ReadonlySet<string> = new Set(['AAPL', 'NVDA']);

/** A bar whose prices say where they come from: open = day x 100 + hour, close = open + 0.5. */
function hourBar(symbol: string, day: number, hour: number): IntradayBar {
  const open = (symbol === 'AAPL' ? 0 : 1000) + day * 100 + hour;
  return {
    symbol,
    date: `2025-10-0${day} ${String(hour).padStart(2, '0')}:00:00`,
    open,
    high: open + 1,
    low: open - 1,
    close: open + 0.5,
    volume: 1_000 * hour,
  };
}

/** Wednesday 2025-10-01 and Thursday 2025-10-02, six bars each, for both symbols. */
function bars(): IntradayBar[] {
  return ['AAPL', 'NVDA'].flatMap((symbol) =>
    [1, 2].flatMap((day) => [10, 11, 12, 13, 14, 15].map((hour) => hourBar(symbol, day, hour))),
  );
}
const PRICES = new PriceIndex(bars());

type Step = { symbol: string; date: unknown; field?: PriceField };

/** An agent's scripted lookups in session `now`, each answered as the tools would answer it. */
function play(now: string, steps: Step[]) {
  const view = new MarketView(now, PRICES, UNIVERSE);
  return steps.map(({ symbol, date, field }) => {
    const answer = field === undefined ? view.lookup(symbol, date) : view.field(symbol, date, field);
    return answer.ok ? answer : { ok: false, reason: answer.reason, message: answer.message };
  });
}

describe('hourly MarketView: an agent cheating from the last hour of a day', () => {
  const T = '2025-10-01 15:00:00';

  it('refuses the close, high, low and volume of the current hour, the next hour and the next day', () => {
    const answers = play(T, [
      { symbol: 'AAPL', date: T, field: 'close' },
      { symbol: 'AAPL', date: T, field: 'high' },
      { symbol: 'AAPL', date: T, field: 'low' },
      { symbol: 'AAPL', date: T, field: 'volume' },
      // There is no later hour today: the next bar is tomorrow's first.
      { symbol: 'AAPL', date: '2025-10-02 10:00:00', field: 'open' },
      { symbol: 'AAPL', date: '2025-10-02 10:00:00' },
      { symbol: 'NVDA', date: '2025-10-02 15:00:00', field: 'close' },
      // A time between bars, later than T, is the future too (not just missing data).
      { symbol: 'AAPL', date: '2025-10-01 15:30:00' },
    ]);
    expect(answers.map((a) => (a.ok ? 'ok' : a.reason))).toEqual([
      'same_day_beyond_open',
      'same_day_beyond_open',
      'same_day_beyond_open',
      'same_day_beyond_open',
      'future_date',
      'future_date',
      'future_date',
      'future_date',
    ]);
    expect(answers[0]).toMatchObject({
      message:
        'Only the open of 2025-10-01 15:00:00 is available at 2025-10-01 15:00:00; its close is not known until the session ends.',
    });
    expect(answers[4]).toMatchObject({
      message:
        'Prices after 2025-10-01 15:00:00 are not available at 2025-10-01 15:00:00; 2025-10-02 10:00:00 is in the future.',
    });
  });

  it('gives the open of the current hour only, marked partial', () => {
    const [whole, open] = play(T, [
      { symbol: 'AAPL', date: T },
      { symbol: 'AAPL', date: T, field: 'open' },
    ]);
    expect(whole).toEqual({ ok: true, symbol: 'AAPL', date: T, open: 115, partial: true });
    expect(open).toEqual({ ok: true, symbol: 'AAPL', date: T, field: 'open', value: 115 });
  });

  it('gives every earlier hour of the day in full', () => {
    const answers = play(
      T,
      HOURS.slice(0, 5).map((time) => ({ symbol: 'AAPL', date: `2025-10-01 ${time}` })),
    );
    expect(answers.map((a) => ('partial' in a && !a.partial ? a.close : a))).toEqual([
      110.5, 111.5, 112.5, 113.5, 114.5,
    ]);
    expect(play(T, [{ symbol: 'NVDA', date: '2025-10-01 14:00:00', field: 'close' }])[0]).toEqual({
      ok: true,
      symbol: 'NVDA',
      date: '2025-10-01 14:00:00',
      field: 'close',
      value: 1114.5,
    });
  });

  it('opens T’s bar to the ledger and takes the previous hour’s close as the previous close', () => {
    const view = new MarketView(T, PRICES, UNIVERSE);
    expect(view.frequency).toBe('hourly');
    expect([...view.todayOpens()]).toEqual([
      ['AAPL', 115],
      ['NVDA', 1115],
    ]);
    expect(view.previousCloses().get('AAPL')).toEqual({ date: '2025-10-01 14:00:00', close: 114.5 });
    const ledger = new DayLedger(emptyPosition(1_000), view.forMarketForOrders());
    const bought = ledger.buy('AAPL', 2);
    expect(bought.ok && bought.fill.price).toBe(115);
  });
});

describe('hourly MarketView: across the day boundary and within the day', () => {
  it('sees the whole previous day from the first hour, and its last close as the previous close', () => {
    const T = '2025-10-02 10:00:00';
    const [lastOfYesterday, tomorrowish, nextHour] = play(T, [
      { symbol: 'AAPL', date: '2025-10-01 15:00:00' },
      { symbol: 'AAPL', date: '2025-10-02 10:00:00', field: 'close' },
      { symbol: 'AAPL', date: '2025-10-02 11:00:00', field: 'open' },
    ]);
    expect(lastOfYesterday).toMatchObject({ ok: true, close: 115.5, high: 116, low: 114, partial: false });
    expect(tomorrowish).toMatchObject({ ok: false, reason: 'same_day_beyond_open' });
    expect(nextHour).toMatchObject({ ok: false, reason: 'future_date' });
    const view = new MarketView(T, PRICES, UNIVERSE);
    expect(view.previousCloses().get('NVDA')).toEqual({ date: '2025-10-01 15:00:00', close: 1115.5 });
  });

  it('refuses the next hour from mid-day and allows the hour before', () => {
    const answers = play('2025-10-02 12:00:00', [
      { symbol: 'AAPL', date: '2025-10-02 13:00:00', field: 'open' },
      { symbol: 'AAPL', date: '2025-10-02 12:00:00', field: 'close' },
      { symbol: 'AAPL', date: '2025-10-02 11:00:00', field: 'close' },
    ]);
    expect(answers.map((a) => (a.ok ? a : a.reason))).toEqual([
      'future_date',
      'same_day_beyond_open',
      { ok: true, symbol: 'AAPL', date: '2025-10-02 11:00:00', field: 'close', value: 211.5 },
    ]);
  });

  it('refuses a day’s key in an hourly session, which would read the whole day', () => {
    const [today, yesterday] = play('2025-10-02 10:00:00', [
      { symbol: 'AAPL', date: '2025-10-02' },
      { symbol: 'AAPL', date: '2025-10-01' },
    ]);
    for (const answer of [today, yesterday]) {
      expect(answer).toEqual({
        ok: false,
        reason: 'invalid_date',
        message: expect.stringContaining(
          "sessions are hourly bars written YYYY-MM-DD HH:MM:SS in the market's local time, like this one: 2025-10-02 10:00:00",
        ),
      });
    }
  });

  it.each([
    '2025-10-01 10:00',
    '2025-10-01T10:00:00',
    '2025-10-01 24:00:00',
    '2025-02-30 10:00:00',
    42,
    null,
  ])('refuses %j as an invalid session', (date) => {
    expect(play('2025-10-02 10:00:00', [{ symbol: 'AAPL', date }])[0]).toMatchObject({
      ok: false,
      reason: 'invalid_date',
    });
  });

  it('refuses an earlier time that is no bar as no data for that session', () => {
    expect(play('2025-10-02 10:00:00', [{ symbol: 'AAPL', date: '2025-10-01 09:00:00' }])[0]).toEqual({
      ok: false,
      reason: 'no_data',
      message:
        'AAPL has no price at 2025-10-01 09:00:00: the market was closed or there is no data for that session.',
    });
  });
});

describe('hourly MarketView: one kind of session per view', () => {
  // A day's bar of 2025-10-02 sorts before that day's hours but holds their close: never readable
  // from an hour of that day, even from an index that mixes both kinds.
  const daily: DailyBar[] = [
    { symbol: 'AAPL', date: '2025-10-01', open: 1, high: 2, low: 0.5, close: 1.5, volume: 9 },
    { symbol: 'AAPL', date: '2025-10-02', open: 2, high: 3, low: 1.5, close: 2.5, volume: 9 },
  ];
  const mixed = new PriceIndex([...bars(), ...daily]);

  it('never lets a daily bar out of an hourly view, nor an hourly bar out of a daily one', () => {
    const hourly = new MarketView('2025-10-02 12:00:00', mixed, UNIVERSE);
    expect(hourly.lookup('AAPL', '2025-10-02')).toMatchObject({ ok: false, reason: 'invalid_date' });
    expect(hourly.previousCloses().get('AAPL')).toEqual({ date: '2025-10-02 11:00:00', close: 211.5 });
    const day = new MarketView('2025-10-02', mixed, UNIVERSE);
    expect(day.lookup('AAPL', '2025-10-01 15:00:00')).toMatchObject({ ok: false, reason: 'invalid_date' });
    expect(day.lookup('AAPL', '2025-10-01')).toMatchObject({ ok: true, close: 1.5 });
    expect([...day.todayOpens()]).toEqual([['AAPL', 2]]);
  });

  it('says which it is, and throws for a key of neither kind', () => {
    expect(new MarketView('2025-10-02', PRICES, UNIVERSE).frequency).toBe('daily');
    expect(() => new MarketView('2025-10-02 10:00', PRICES, UNIVERSE)).toThrow(RangeError);
  });
});
