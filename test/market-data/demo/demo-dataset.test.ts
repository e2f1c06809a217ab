import { describe, expect, it } from 'vitest';
import { tradingDaysBetween } from '../../../src/core/calendar.js';
import { BENCHMARK_SYMBOL, NASDAQ_100_SYMBOLS } from '../../../src/core/universe.js';
import { DEMO_SEED, demoBarsForRange } from '../../../src/market-data/demo/demo-dataset.js';
import { generateSyntheticBars } from '../../../src/market-data/demo/synthetic-bars.js';

describe('demoBarsForRange', () => {
  it('covers the whole universe and the benchmark on NYSE sessions only', () => {
    const bars = demoBarsForRange('2025-06-30', '2025-07-07');
    const sessions = ['2025-06-30', '2025-07-01', '2025-07-02', '2025-07-03', '2025-07-07']; // no July 4th, no weekend
    expect(new Set(bars.map((bar) => bar.symbol))).toEqual(
      new Set([...NASDAQ_100_SYMBOLS, BENCHMARK_SYMBOL]),
    );
    expect(bars).toHaveLength((NASDAQ_100_SYMBOLS.length + 1) * sessions.length);
    expect(bars.filter((bar) => bar.symbol === 'AAPL').map((bar) => bar.date)).toEqual(sessions);
  });

  it('gives October 2025 the same bars alone as within the whole year', () => {
    const october = demoBarsForRange('2025-10-01', '2025-10-31');
    const year = demoBarsForRange('2025-01-01', '2025-12-31');
    expect(year.filter((bar) => bar.date >= '2025-10-01' && bar.date <= '2025-10-31')).toEqual(october);
  });

  it('uses the demo seed, and a subset of symbols when asked', () => {
    const bars = demoBarsForRange('2025-03-03', '2025-03-14', ['AMZN', 'QQQ']);
    expect(bars).toEqual(
      generateSyntheticBars({
        symbols: ['AMZN', 'QQQ'],
        sessions: tradingDaysBetween('2025-03-03', '2025-03-14'),
        seed: DEMO_SEED,
      }),
    );
  });
});
