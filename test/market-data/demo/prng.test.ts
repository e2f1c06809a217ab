import { describe, expect, it } from 'vitest';
import { createRng, hashString, mixSeeds } from '../../../src/market-data/demo/prng.js';

function take(count: number, draw: () => number): number[] {
  return Array.from({ length: count }, draw);
}

describe('createRng', () => {
  it('replays the same sequence for the same seed and a different one for another seed', () => {
    const first = take(50, createRng(7).uniform);
    expect(take(50, createRng(7).uniform)).toEqual(first);
    expect(take(50, createRng(8).uniform)).not.toEqual(first);
  });

  it('draws uniforms in [0, 1) that fill the interval evenly', () => {
    const draws = take(100_000, createRng(1).uniform);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const deciles = new Array<number>(10).fill(0);
    for (const u of draws) deciles[Math.floor(u * 10)]! += 1;
    for (const count of deciles) expect(count).toBeGreaterThan(9_500);
  });

  it('draws standard normals: mean 0, variance 1, about 95% within 1.96', () => {
    const draws = take(100_000, createRng(2).normal);
    const mean = draws.reduce((sum, x) => sum + x, 0) / draws.length;
    const variance = draws.reduce((sum, x) => sum + (x - mean) ** 2, 0) / draws.length;
    const inside = draws.filter((x) => Math.abs(x) < 1.96).length / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(variance).toBeGreaterThan(0.98);
    expect(variance).toBeLessThan(1.02);
    expect(inside).toBeGreaterThan(0.945);
    expect(inside).toBeLessThan(0.955);
    expect(draws.every(Number.isFinite)).toBe(true);
  });
});

describe('seed helpers', () => {
  it('mixes related inputs into unrelated 32-bit seeds', () => {
    const seeds = [mixSeeds(1), mixSeeds(2), mixSeeds(1, 1), mixSeeds(1, 2), mixSeeds(2, 1)];
    expect(new Set(seeds).size).toBe(seeds.length);
    for (const seed of seeds) {
      expect(Number.isInteger(seed)).toBe(true);
      expect(seed).toBeGreaterThanOrEqual(0);
      expect(seed).toBeLessThan(2 ** 32);
    }
  });

  it('hashes strings stably and tells near-identical tickers apart', () => {
    expect(hashString('GOOG')).toBe(hashString('GOOG'));
    expect(hashString('GOOG')).not.toBe(hashString('GOOGL'));
    expect(hashString('AB')).not.toBe(hashString('BA'));
  });
});
