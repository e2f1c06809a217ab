import { describe, expect, it } from 'vitest';
import { NASDAQ_100_SYMBOLS, BENCHMARK_SYMBOL } from '../src/core/universe.js';

describe('universe', () => {
  it('holds the 101 tickers of the original, GOOG and GOOGL both, without the benchmark', () => {
    expect(NASDAQ_100_SYMBOLS).toHaveLength(101);
    expect(new Set(NASDAQ_100_SYMBOLS).size).toBe(101);
    expect(NASDAQ_100_SYMBOLS).toContain('GOOG');
    expect(NASDAQ_100_SYMBOLS).toContain('GOOGL');
    expect(NASDAQ_100_SYMBOLS).not.toContain(BENCHMARK_SYMBOL);
  });
});
