/** PriceIndex answers from the bars it was built from, indexing each symbol when first asked about it. */
import { describe, expect, it } from 'vitest';
import type { DailyBar } from '../../src/core/bars.js';
import { PriceIndex } from '../../src/core/price-index.js';

const bar = (symbol: string, date: string, close: number): DailyBar => ({
  symbol,
  date,
  open: close,
  high: close,
  low: close,
  close,
  volume: 100,
});

describe('PriceIndex', () => {
  const index = new PriceIndex([
    bar('msft', '2025-01-06', 20),
    bar('AAPL', '2025-01-03', 2),
    bar('AAPL', '2025-01-02', 1),
    bar('AAPL', '2025-01-03', 3),
    bar('MSFT', '2025-01-02', 10),
  ]);

  it('lists its symbols in upper case, sorted, whether or not they were asked about', () => {
    expect(index.symbols()).toEqual(['AAPL', 'MSFT']);
    index.bar('AAPL', '2025-01-02');
    expect(index.symbols()).toEqual(['AAPL', 'MSFT']);
  });

  it('answers a bar by upper-case symbol and date, the last of duplicates winning, frozen', () => {
    const found = index.bar('AAPL', '2025-01-03');
    expect(found).toEqual(bar('AAPL', '2025-01-03', 3));
    expect(Object.isFrozen(found)).toBe(true);
    expect(index.bar('MSFT', '2025-01-06')).toEqual(bar('MSFT', '2025-01-06', 20));
    expect(index.bar('AAPL', '2025-01-06')).toBeUndefined();
    expect(index.bar('NVDA', '2025-01-02')).toBeUndefined();
  });

  it('finds the latest bar strictly before a date, across gaps', () => {
    expect(index.latestBefore('MSFT', '2025-01-06')).toEqual(bar('MSFT', '2025-01-02', 10));
    expect(index.latestBefore('MSFT', '2025-01-07')).toEqual(bar('MSFT', '2025-01-06', 20));
    expect(index.latestBefore('AAPL', '2025-01-02')).toBeUndefined();
    expect(index.latestBefore('NVDA', '2025-01-07')).toBeUndefined();
  });
});
