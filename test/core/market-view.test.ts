import { describe, expect, it } from 'vitest';
import type { DailyBar } from '../../src/core/bars.js';
import { DayLedger } from '../../src/core/ledger/day-ledger.js';
import { emptyPosition } from '../../src/core/ledger/position.js';
import { MarketView } from '../../src/core/market-view.js';

function bar(symbol: string, date: string, open: number, close: number): DailyBar {
  return {
    symbol,
    date,
    open,
    high: Math.max(open, close) + 1,
    low: Math.min(open, close) - 1,
    close,
    volume: 1_000,
  };
}

// D is Monday 2024-01-08; 01-06 and 01-07 are a weekend; 01-09 is the future.
const D = '2024-01-08';
const UNIVERSE: ReadonlySet<string> = new Set(['AAPL', 'MSFT', 'NVDA']);
function bars(): DailyBar[] {
  return [
    bar('AAPL', '2024-01-04', 181.99, 181.91),
    bar('AAPL', '2024-01-05', 181.99, 181.18),
    bar('AAPL', '2024-01-08', 182.085, 185.56),
    bar('AAPL', '2024-01-09', 183.92, 185.14),
    bar('MSFT', '2024-01-05', 372.01, 367.75),
    bar('MSFT', '2024-01-08', 369.3, 374.69),
    // NVDA has no bar on D: it cannot trade today.
    bar('NVDA', '2024-01-04', 47.77, 47.999),
    // QQQ is not in the universe.
    bar('QQQ', '2024-01-08', 405, 410),
  ];
}

describe('MarketView: dates after D', () => {
  it('refuses a date after D, saying prices after D are not available on D', () => {
    const view = new MarketView(D, bars(), UNIVERSE);
    const result = view.lookup('AAPL', '2024-01-09');
    expect(result).toEqual({
      ok: false,
      reason: 'future_date',
      message: expect.stringContaining('Prices after 2024-01-08 are not available on 2024-01-08'),
    });
  });

  it('refuses future dates even where it has no data at all', () => {
    const view = new MarketView(D, bars(), UNIVERSE);
    expect(view.lookup('AAPL', '2030-01-01')).toMatchObject({ ok: false, reason: 'future_date' });
    expect(view.field('MSFT', '2024-01-09', 'open')).toMatchObject({ ok: false, reason: 'future_date' });
  });

  it('lets no value from after D reach todayOpens, previousCloses or lastCloseBefore', () => {
    const view = new MarketView(D, bars(), UNIVERSE);
    expect(view.todayOpens().get('AAPL')).toBe(182.085);
    expect(view.previousCloses().get('AAPL')).toEqual({ date: '2024-01-05', close: 181.18 });
    expect(view.lastCloseBefore('AAPL')).toBe(181.18);
  });
});

describe('MarketView: day D itself', () => {
  it('returns only the open of D, marked partial', () => {
    const view = new MarketView(D, bars(), UNIVERSE);
    const result = view.lookup('AAPL', D);
    expect(result).toEqual({ ok: true, symbol: 'AAPL', date: D, open: 182.085, partial: true });
    expect(view.openToday('AAPL')).toEqual(result);
  });

  it.each(['close', 'high', 'low', 'volume'] as const)(
    'refuses an explicit read of D’s %s as beyond the open',
    (field) => {
      const view = new MarketView(D, bars(), UNIVERSE);
      const result = view.field('AAPL', D, field);
      expect(result).toMatchObject({ ok: false, reason: 'same_day_beyond_open' });
      expect(result.ok ? '' : result.message).toContain(`its ${field} is not known until the session ends`);
    },
  );

  it('allows an explicit read of D’s open', () => {
    const view = new MarketView(D, bars(), UNIVERSE);
    expect(view.field('MSFT', D, 'open')).toEqual({
      ok: true,
      symbol: 'MSFT',
      date: D,
      field: 'open',
      value: 369.3,
    });
  });

  it('lists today’s opens of the universe symbols that trade on D only', () => {
    const view = new MarketView(D, bars(), UNIVERSE);
    expect([...view.todayOpens()]).toEqual([
      ['AAPL', 182.085],
      ['MSFT', 369.3],
    ]);
  });

  it('refuses today’s open of a symbol that does not trade on D as no data, saying so', () => {
    const view = new MarketView(D, bars(), UNIVERSE);
    expect(view.openToday('NVDA')).toEqual({
      ok: false,
      reason: 'no_data',
      message: 'NVDA has no price on 2024-01-08: it does not trade today.',
    });
  });
});

describe('MarketView: dates before D', () => {
  it('returns the full bar of an earlier session', () => {
    const view = new MarketView(D, bars(), UNIVERSE);
    expect(view.lookup('AAPL', '2024-01-05')).toEqual({
      ok: true,
      symbol: 'AAPL',
      date: '2024-01-05',
      open: 181.99,
      high: 182.99,
      low: 180.18,
      close: 181.18,
      volume: 1_000,
      partial: false,
    });
    expect(view.field('AAPL', '2024-01-05', 'close')).toMatchObject({ ok: true, value: 181.18 });
  });

  it('refuses a weekend date as no data, naming the symbol and the date', () => {
    const view = new MarketView(D, bars(), UNIVERSE);
    expect(view.lookup('AAPL', '2024-01-06')).toEqual({
      ok: false,
      reason: 'no_data',
      message: expect.stringMatching(/^AAPL has no price on 2024-01-06: the market was closed/),
    });
  });

  it('takes each symbol’s previous close from its latest session before D, skipping the weekend', () => {
    const view = new MarketView(D, bars(), UNIVERSE);
    expect([...view.previousCloses()]).toEqual([
      ['AAPL', { date: '2024-01-05', close: 181.18 }],
      ['MSFT', { date: '2024-01-05', close: 367.75 }],
      ['NVDA', { date: '2024-01-04', close: 47.999 }],
    ]);
  });

  it('skips a holiday the same way (Tuesday after Martin Luther King Day looks back to Friday)', () => {
    const view = new MarketView(
      '2024-01-16',
      [bar('AAPL', '2024-01-12', 186.06, 185.92), bar('AAPL', '2024-01-16', 182.16, 183.63)],
      UNIVERSE,
    );
    expect(view.previousCloses().get('AAPL')).toEqual({ date: '2024-01-12', close: 185.92 });
    expect(view.lastCloseBefore('aapl')).toBe(185.92);
  });

  it('has no previous close for a symbol without earlier bars', () => {
    const view = new MarketView('2024-01-04', bars(), UNIVERSE);
    expect(view.lastCloseBefore('AAPL')).toBeUndefined();
    expect(view.previousCloses().size).toBe(0);
  });
});

describe('MarketView: bad requests', () => {
  it.each(['2024-1-5', '2024-02-30', '20240105', '', 'yesterday', 20240105, null, undefined])(
    'refuses the date %j as invalid, saying how dates are written',
    (date) => {
      const view = new MarketView(D, bars(), UNIVERSE);
      expect(view.lookup('AAPL', date)).toEqual({
        ok: false,
        reason: 'invalid_date',
        message: expect.stringContaining('dates must be real calendar dates written YYYY-MM-DD'),
      });
    },
  );

  it('refuses a symbol outside the universe, even one with bars', () => {
    const view = new MarketView(D, bars(), UNIVERSE);
    expect(view.lookup('QQQ', '2024-01-05')).toEqual({
      ok: false,
      reason: 'unknown_symbol',
      message: 'Unknown symbol "QQQ": it is not in the tradable universe.',
    });
    expect(view.lookup(42, '2024-01-05')).toEqual({
      ok: false,
      reason: 'unknown_symbol',
      message: 'Unknown symbol 42: it is not in the tradable universe.',
    });
  });

  it('matches symbols case-insensitively', () => {
    const view = new MarketView(D, bars(), UNIVERSE);
    expect(view.lookup(' msft ', '2024-01-05')).toMatchObject({ ok: true, symbol: 'MSFT', close: 367.75 });
  });

  it('throws when constructed for an invalid day, which is a caller bug', () => {
    expect(() => new MarketView('2024-13-01', bars(), UNIVERSE)).toThrow(RangeError);
  });
});

describe('MarketView: isolation', () => {
  it('does not see changes made to its inputs after construction', () => {
    const input = bars();
    const universe = new Set(UNIVERSE);
    const view = new MarketView(D, input, universe);
    input[2]!.open = 1;
    input[1]!.close = 1;
    input.push(bar('NVDA', D, 48, 49));
    universe.add('QQQ');
    universe.delete('MSFT');
    expect(view.openToday('AAPL')).toMatchObject({ ok: true, open: 182.085 });
    expect(view.lastCloseBefore('AAPL')).toBe(181.18);
    expect(view.todayOpens().has('NVDA')).toBe(false);
    expect(view.lookup('QQQ', D)).toMatchObject({ ok: false, reason: 'unknown_symbol' });
    expect(view.lookup('MSFT', D)).toMatchObject({ ok: true });
  });

  it('does not let callers change it through what it returns', () => {
    const view = new MarketView(D, bars(), UNIVERSE);
    (view.todayOpens() as Map<string, number>).set('AAPL', 1);
    (view.previousCloses().get('AAPL') as { close: number }).close = 1;
    const market = view.forMarketForOrders();
    (market.universe as Set<string>).delete('AAPL');
    expect(view.todayOpens().get('AAPL')).toBe(182.085);
    expect(view.lastCloseBefore('AAPL')).toBe(181.18);
    expect(view.forMarketForOrders().universe.has('AAPL')).toBe(true);
  });
});

describe('MarketView: feeding the ledger', () => {
  it('gives orders the universe and today’s opens, so untradable symbols are rejected', () => {
    const view = new MarketView(D, bars(), UNIVERSE);
    const ledger = new DayLedger(emptyPosition(10_000), view.forMarketForOrders());
    const bought = ledger.buy('AAPL', 2);
    expect(bought.ok && bought.fill.price).toBe(182.085);
    const nvda = ledger.buy('NVDA', 1);
    expect(nvda.ok ? null : nvda.rejection.code).toBe('untradable_symbol');
    const qqq = ledger.buy('QQQ', 1);
    expect(qqq.ok ? null : qqq.rejection.code).toBe('unknown_symbol');
  });
});
