import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DailyBar } from '../../src/core/bars.js';
import { benchmarkSeries } from '../../src/core/benchmark.js';
import { CD5_WEIGHTS, CRYPTO_MARKET, US_MARKET } from '../../src/core/markets/index.js';
import { coinBars, HKUDS_FIXTURES_DIR, hkudsFixturesAvailable } from '../helpers/market-fixtures.js';

const bar = (symbol: string, date: string, open: number, close: number): DailyBar => ({
  symbol,
  date,
  open,
  high: Math.max(open, close),
  low: Math.min(open, close),
  close,
  volume: 0,
});

/** The CD5 coins' bars from the Alpha Vantage DIGITAL_CURRENCY_DAILY fixtures. */
function cd5Bars(from: string, to: string): DailyBar[] {
  return CD5_WEIGHTS.flatMap(({ symbol }) => coinBars(symbol, from, to));
}

describe('benchmark series', () => {
  it('holds one share of a symbol benchmark from the last close before the period', () => {
    const series = benchmarkSeries(US_MARKET.benchmark, {
      bars: [
        bar('QQQ', '2025-10-02', 601, 605),
        bar('QQQ', '2025-10-01', 598, 600),
        bar('AAPL', '2025-10-01', 1, 1),
      ],
      closesBefore: new Map([['QQQ', 596]]),
    });
    expect(series).toEqual({
      startingValue: 596,
      values: [
        { date: '2025-10-01', value: 600 },
        { date: '2025-10-02', value: 605 },
      ],
    });
  });

  it('puts one unit of cash into a basket at the first complete open, by weight, and values it at each close', () => {
    const basket = {
      kind: 'basket' as const,
      label: 'two coins',
      weights: [
        { symbol: 'A', weight: 0.75 },
        { symbol: 'B', weight: 0.25 },
      ],
    };
    const series = benchmarkSeries(basket, {
      // Day 1 lacks B: the basket is bought on day 2, at A 100 and B 10.
      bars: [
        bar('A', 'd1', 90, 95),
        bar('A', 'd2', 100, 110),
        bar('B', 'd2', 10, 8),
        bar('A', 'd3', 110, 120),
        bar('B', 'd3', 8, 12),
      ],
      closesBefore: new Map(),
    });
    // d2: 0.75 x 110/100 + 0.25 x 8/10 = 1.025; d3: 0.75 x 1.2 + 0.25 x 1.2 = 1.2
    expect(series?.startingValue).toBe(1);
    expect(series?.values.map((v) => v.date)).toEqual(['d2', 'd3']);
    expect(series?.values[0]?.value).toBeCloseTo(1.025, 12);
    expect(series?.values[1]?.value).toBeCloseTo(1.2, 12);
  });

  it.runIf(hkudsFixturesAvailable)(
    "matches the benchmark's own CD5 index, 50,000 USDT from the open of 2025-11-02, at every close",
    () => {
      const series = benchmarkSeries(CRYPTO_MARKET.benchmark, {
        bars: cd5Bars('2025-11-02', '2025-11-15'),
        closesBefore: new Map(),
      });
      const published = JSON.parse(
        readFileSync(join(HKUDS_FIXTURES_DIR, 'crypto', 'CD5_crypto_index.json'), 'utf8'),
      ) as {
        'Time Series (Daily)': Record<string, Record<string, string>>;
      };
      expect(series?.values).toHaveLength(14);
      for (const { date, value } of series?.values ?? []) {
        const close = Number(published['Time Series (Daily)'][date]?.['4. close']);
        expect(Math.round(50_000 * value * 10_000) / 10_000, date).toBe(close);
      }
    },
  );
});
