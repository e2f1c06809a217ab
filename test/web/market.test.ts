/** The dashboard's market: which one a URL names, what switching keeps, and how its money reads. */
import { describe, expect, it } from 'vitest';
import {
  formatQuantity,
  marketInUrl,
  moneyFormatter,
  paramsForMarket,
  shownMarket,
  US_DOLLARS,
} from '../../web/src/lib/market.js';
import { hrefFor, parseHash } from '../../web/src/lib/route.js';
import { benchmarkLabel, benchmarkReturnSeries } from '../../web/src/lib/series.js';

describe('the market a page shows', () => {
  it("is the URL's when it names a known one, else the server's", () => {
    expect(marketInUrl(parseHash('#/?market=crypto').params)).toBe('crypto');
    expect(marketInUrl(parseHash('#/?market=eu').params)).toBeNull();
    expect(marketInUrl(parseHash('#/').params)).toBeNull();
    expect(shownMarket('cn', 'us')).toBe('cn');
    expect(shownMarket(null, 'crypto')).toBe('crypto');
    expect(shownMarket(null, null)).toBeNull();
  });

  it('keeps the page and its dates when switching, and drops the job, model and day of the old market', () => {
    const { params } = parseHash('#/day?model=alpha&date=2025-10-02&job=j1&start=2025-10-01&end=2025-10-03');
    expect(hrefFor('day', paramsForMarket(params, 'crypto'))).toBe(
      '#/day?market=crypto&start=2025-10-01&end=2025-10-03',
    );
    expect(hrefFor('overview', paramsForMarket(parseHash('#/?market=us').params, 'cn'))).toBe('#/?market=cn');
  });
});

describe("money in the market's currency", () => {
  it('writes dollars and yuan before the amount, to cents', () => {
    expect(moneyFormatter(US_DOLLARS)(10100)).toBe('$10,100.00');
    expect(moneyFormatter(US_DOLLARS)(-722.808)).toBe('-$722.81');
    expect(moneyFormatter({ code: 'CNY', symbol: '¥', decimals: 2 })(100500)).toBe('¥100,500.00');
  });

  it('writes USDT after the amount, to 4 decimals, and nothing known as a dash', () => {
    const usdt = moneyFormatter({ code: 'USDT', symbol: '', decimals: 4 });
    expect(usdt(30003.5062)).toBe('30,003.5062 USDT');
    expect(usdt(-0.00001)).toBe('0.0000 USDT');
    expect(usdt(null)).toBe('—');
  });

  it('shows quantities as they are: whole shares and fractions of a coin', () => {
    expect(formatQuantity(10)).toBe('10');
    expect(formatQuantity(0.1817)).toBe('0.1817');
    expect(formatQuantity(1200)).toBe('1,200');
  });
});

describe("the benchmark's name", () => {
  it('comes from the API: the series label, or the row without its suffix', () => {
    expect(benchmarkLabel({ model: 'CD5 (benchmark)' })).toBe('CD5');
    expect(benchmarkLabel({ model: 'SSE-50 index (benchmark)' })).toBe('SSE-50 index');
    const series = benchmarkReturnSeries(
      {
        symbol: 'CD5',
        label: 'CD5',
        start_date: '2025-11-02',
        end_date: '2025-11-03',
        source: 'import',
        values: [
          { date: '2025-11-02', close: 1.005577 },
          { date: '2025-11-03', close: 0.95679 },
        ],
        market: 'crypto',
        currency: { code: 'USDT', symbol: '', decimals: 4 },
      },
      null,
    );
    expect(series.name).toBe('CD5');
    expect(series.points[1]?.value).toBeCloseTo((0.95679 / 1.005577 - 1) * 100, 10);
  });
});
