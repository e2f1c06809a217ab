import { describe, expect, it } from 'vitest';
import { BENCHMARK_SYMBOL, NASDAQ_100_SYMBOLS } from '../../../src/core/universe.js';
import { profileFor, TRADING_DAYS_PER_YEAR } from '../../../src/market-data/demo/symbol-profile.js';

describe('profileFor', () => {
  it('gives every stock parameters within the documented bounds', () => {
    for (const symbol of NASDAQ_100_SYMBOLS) {
      const profile = profileFor(symbol, 3);
      const annualDrift = Math.expm1(profile.dailyDrift * TRADING_DAYS_PER_YEAR);
      expect(profile.beta).toBeGreaterThanOrEqual(0.6);
      expect(profile.beta).toBeLessThanOrEqual(1.6);
      expect(profile.idiosyncraticVol).toBeGreaterThanOrEqual(0.01);
      expect(profile.idiosyncraticVol).toBeLessThanOrEqual(0.025);
      expect(annualDrift).toBeGreaterThanOrEqual(-0.1 - 1e-9);
      expect(annualDrift).toBeLessThanOrEqual(0.25 + 1e-9);
      expect(profile.anchorPrice).toBeGreaterThanOrEqual(20);
      expect(profile.anchorPrice).toBeLessThanOrEqual(600);
    }
  });

  it('varies across stocks and seeds but is fixed for a given pair', () => {
    expect(profileFor('AAPL', 3)).toEqual(profileFor('AAPL', 3));
    expect(profileFor('AAPL', 3)).not.toEqual(profileFor('AAPL', 4));
    expect(profileFor('GOOG', 3)).not.toEqual(profileFor('GOOGL', 3));
    const betas = new Set(NASDAQ_100_SYMBOLS.map((symbol) => profileFor(symbol, 3).beta));
    expect(betas.size).toBe(NASDAQ_100_SYMBOLS.length);
  });

  it('makes the benchmark track the market with beta 1 from about $350, whatever the seed', () => {
    const benchmark = profileFor(BENCHMARK_SYMBOL, 3);
    expect(benchmark.beta).toBe(1);
    expect(benchmark.idiosyncraticVol).toBeLessThan(0.002);
    expect(benchmark.anchorPrice).toBe(350);
    expect(profileFor(BENCHMARK_SYMBOL, 99)).toEqual(benchmark);
  });
});
