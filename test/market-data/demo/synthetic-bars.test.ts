import { describe, expect, it } from 'vitest';
import type { DailyBar } from '../../../src/core/bars.js';
import { tradingDaysBetween } from '../../../src/core/calendar.js';
import { BENCHMARK_SYMBOL, NASDAQ_100_SYMBOLS } from '../../../src/core/universe.js';
import { generateSyntheticBars } from '../../../src/market-data/demo/synthetic-bars.js';

const UNIVERSE = [...NASDAQ_100_SYMBOLS, BENCHMARK_SYMBOL];
const YEAR_2024 = tradingDaysBetween('2024-01-01', '2024-12-31');

function bySymbol(bars: readonly DailyBar[]): Map<string, DailyBar[]> {
  const grouped = new Map<string, DailyBar[]>();
  for (const bar of bars) grouped.set(bar.symbol, [...(grouped.get(bar.symbol) ?? []), bar]);
  return grouped;
}

function logReturns(bars: readonly DailyBar[]): number[] {
  return bars.slice(1).map((bar, i) => Math.log(bar.close / bars[i]!.close));
}

function mean(xs: readonly number[]): number {
  return xs.reduce((sum, x) => sum + x, 0) / xs.length;
}

function stdDev(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((sum, x) => sum + (x - m) ** 2, 0) / (xs.length - 1));
}

function correlation(xs: readonly number[], ys: readonly number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  let cov = 0;
  for (let i = 0; i < xs.length; i++) cov += (xs[i]! - mx) * (ys[i]! - my);
  return cov / (xs.length - 1) / (stdDev(xs) * stdDev(ys));
}

function hasAtMostFourDecimals(price: number): boolean {
  return Math.abs(price * 10_000 - Math.round(price * 10_000)) < 1e-6;
}

describe('generateSyntheticBars', () => {
  const yearBars = generateSyntheticBars({ symbols: UNIVERSE, sessions: YEAR_2024, seed: 5 });
  const yearBySymbol = bySymbol(yearBars);

  it('is deterministic for a seed and changes with the seed', () => {
    const again = generateSyntheticBars({ symbols: UNIVERSE, sessions: YEAR_2024, seed: 5 });
    expect(again).toEqual(yearBars);
    const other = generateSyntheticBars({ symbols: ['AAPL'], sessions: YEAR_2024, seed: 6 });
    expect(other.map((bar) => bar.close)).not.toEqual(yearBySymbol.get('AAPL')!.map((bar) => bar.close));
  });

  it('gives a symbol the same bars whichever other symbols are requested', () => {
    const alone = generateSyntheticBars({ symbols: ['MSFT'], sessions: YEAR_2024, seed: 5 });
    const withOthers = generateSyntheticBars({
      symbols: ['ZS', 'MSFT', 'AAPL'],
      sessions: YEAR_2024,
      seed: 5,
    });
    expect(alone).toEqual(yearBySymbol.get('MSFT'));
    expect(withOthers.filter((bar) => bar.symbol === 'MSFT')).toEqual(alone);
  });

  it.each([
    ['after the anchor', '2025-10-01', '2025-10-31', '2025-01-01', '2025-12-31'],
    ['before the anchor', '2019-03-01', '2019-03-31', '2018-06-01', '2019-12-31'],
    ['straddling the anchor', '2024-12-20', '2025-01-10', '2024-01-01', '2025-06-30'],
  ])(
    'gives the same bars for a date whatever range surrounds it (%s)',
    (_label, start, end, wideStart, wideEnd) => {
      const narrow = generateSyntheticBars({
        symbols: ['NVDA', 'QQQ'],
        sessions: tradingDaysBetween(start, end),
        seed: 5,
      });
      const wide = generateSyntheticBars({
        symbols: ['NVDA', 'QQQ'],
        sessions: tradingDaysBetween(wideStart, wideEnd),
        seed: 5,
      });
      expect(narrow.length).toBeGreaterThan(0);
      expect(wide.filter((bar) => bar.date >= start && bar.date <= end)).toEqual(narrow);
    },
  );

  it('keeps every bar internally consistent: positive, 4-decimal, high and low enclosing open and close', () => {
    expect(yearBars).toHaveLength(UNIVERSE.length * YEAR_2024.length);
    // Collected rather than asserted one by one: 25,000 bars would make per-value expects slow.
    const broken = yearBars.filter((bar) => {
      const prices = [bar.open, bar.high, bar.low, bar.close];
      return !(
        prices.every((price) => Number.isFinite(price) && price > 0 && hasAtMostFourDecimals(price)) &&
        bar.high >= Math.max(bar.open, bar.close) &&
        bar.low <= Math.min(bar.open, bar.close) &&
        Number.isInteger(bar.volume) &&
        bar.volume > 0
      );
    });
    expect(broken).toEqual([]);
  });

  it('gaps opens modestly from the previous close', () => {
    const largestGap = Math.max(
      ...[...yearBySymbol.values()].flatMap((bars) =>
        bars.slice(1).map((bar, i) => Math.abs(Math.log(bar.open / bars[i]!.close))),
      ),
    );
    expect(largestGap).toBeGreaterThan(0);
    expect(largestGap).toBeLessThan(0.15);
  });

  it('trades millions of shares a day, and more on big moves', () => {
    const volumes = yearBars.map((bar) => bar.volume).sort((a, b) => a - b);
    const median = volumes[Math.floor(volumes.length / 2)]!;
    expect(median).toBeGreaterThan(1e6);
    expect(median).toBeLessThan(8e7);

    const benchmark = yearBySymbol.get(BENCHMARK_SYMBOL)!;
    const moves = logReturns(benchmark).map((r, i) => ({
      size: Math.abs(r),
      volume: benchmark[i + 1]!.volume,
    }));
    moves.sort((a, b) => a.size - b.size);
    const fifth = Math.floor(moves.length / 5);
    const quietVolume = mean(moves.slice(0, fifth).map((m) => m.volume));
    const busyVolume = mean(moves.slice(-fifth).map((m) => m.volume));
    expect(busyVolume).toBeGreaterThan(quietVolume * 1.3);
  });

  it('moves stocks together with the benchmark', () => {
    const benchmarkReturns = logReturns(yearBySymbol.get(BENCHMARK_SYMBOL)!);
    const correlations = NASDAQ_100_SYMBOLS.map((symbol) =>
      correlation(logReturns(yearBySymbol.get(symbol)!), benchmarkReturns),
    );
    expect(mean(correlations)).toBeGreaterThan(0.3);
    expect(Math.min(...correlations)).toBeGreaterThan(0);
  });

  it('gives the benchmark an index-like annual volatility and stocks a stock-like one', () => {
    const annualised = (bars: readonly DailyBar[]) => stdDev(logReturns(bars)) * Math.sqrt(252);
    const benchmarkVol = annualised(yearBySymbol.get(BENCHMARK_SYMBOL)!);
    expect(benchmarkVol).toBeGreaterThan(0.1);
    expect(benchmarkVol).toBeLessThan(0.35);
    const stockVols = NASDAQ_100_SYMBOLS.map((symbol) => annualised(yearBySymbol.get(symbol)!));
    expect(Math.min(...stockVols)).toBeGreaterThan(0.15);
    expect(Math.max(...stockVols)).toBeLessThan(0.8);
  });

  it('emits exactly the given sessions, sorted and once each, ordered by symbol then date', () => {
    const sessions = ['2025-03-14', '2025-03-03', '2025-03-14', '2025-03-07'];
    const bars = generateSyntheticBars({ symbols: ['TSLA', 'AMD', 'TSLA'], sessions });
    expect(bars.map((bar) => `${bar.symbol} ${bar.date}`)).toEqual([
      'TSLA 2025-03-03',
      'TSLA 2025-03-07',
      'TSLA 2025-03-14',
      'AMD 2025-03-03',
      'AMD 2025-03-07',
      'AMD 2025-03-14',
    ]);
  });

  it('returns nothing for no sessions or no symbols', () => {
    expect(generateSyntheticBars({ symbols: ['AAPL'], sessions: [] })).toEqual([]);
    expect(generateSyntheticBars({ symbols: [], sessions: YEAR_2024 })).toEqual([]);
  });

  it('rejects weekend sessions, malformed dates and non-integer seeds', () => {
    expect(() => generateSyntheticBars({ symbols: ['AAPL'], sessions: ['2025-03-08'] })).toThrow(/weekend/);
    expect(() => generateSyntheticBars({ symbols: ['AAPL'], sessions: ['2025/03/07'] })).toThrow(RangeError);
    expect(() => generateSyntheticBars({ symbols: ['AAPL'], sessions: YEAR_2024, seed: 1.5 })).toThrow(
      RangeError,
    );
  });

  it('builds two years of the whole universe well within a second', () => {
    const sessions = tradingDaysBetween('2024-01-01', '2025-12-31');
    const started = performance.now();
    const bars = generateSyntheticBars({ symbols: UNIVERSE, sessions, seed: 9 });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(bars).toHaveLength(UNIVERSE.length * sessions.length);
  });
});
