import { describe, expect, it } from 'vitest';
import {
  baseModels,
  parsePortfolioKey,
  portfolioKey,
  portfolioKeys,
  runCount,
  runField,
  runSeed,
} from '../../src/core/runs.js';

describe('portfolio keys of runs', () => {
  it('keeps run 1 under the signature and names later runs', () => {
    expect(portfolioKey('gpt-4o', 1)).toBe('gpt-4o');
    expect(parsePortfolioKey(portfolioKey('gpt-4o', 3))).toEqual({ model: 'gpt-4o', run: 3 });
    expect(parsePortfolioKey('gpt-4o')).toEqual({ model: 'gpt-4o', run: 1 });
    expect(() => portfolioKey('m', 0)).toThrow(RangeError);
  });

  it('reads only the form it writes as a run', () => {
    for (const key of ['m#1', 'm#02', 'm#x', '#2', 'm#'])
      expect(parsePortfolioKey(key)).toEqual({ model: key, run: 1 });
  });

  it('lists each model runs, and reads them back', () => {
    const keys = portfolioKeys(['a', 'b'], 3);
    expect(keys).toEqual(['a', 'a#2', 'a#3', 'b', 'b#2', 'b#3']);
    expect(baseModels(keys)).toEqual(['a', 'b']);
    expect(runCount(keys)).toBe(3);
    expect(runCount(['a', 'b'])).toBe(1);
    expect(runField('a#2')).toEqual({ run: 2 });
    expect(runField('a')).toEqual({});
    expect([1, 2, 3].map(runSeed)).toEqual([0, 1, 2]);
  });
});
