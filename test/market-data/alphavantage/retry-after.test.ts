import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../src/market-data/alphavantage/retry-after.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-10-31T15:00:00Z');

  it.each([
    ['30', 30_000],
    ['0', 0],
    ['1.5', 1_500],
    [' 2 ', 2_000],
  ])('reads delay-seconds %j', (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });

  it('reads an HTTP date against the wall clock, never negative', () => {
    expect(parseRetryAfter('Fri, 31 Oct 2025 15:00:45 GMT', now)).toBe(45_000);
    expect(parseRetryAfter('Fri, 31 Oct 2025 14:00:00 GMT', now)).toBe(0);
  });

  it.each([[null], [''], ['soon'], ['-5']])('ignores %j', (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });
});
