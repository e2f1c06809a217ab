/**
 * A tiny seeded pseudo-random generator. Synthetic prices must be reproducible bit for bit
 * across runs and machines, which `Math.random` cannot promise.
 */

const TWO_POW_32 = 4_294_967_296;

export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal (mean 0, variance 1). */
  normal(): number;
}

/** Mulberry32: 32 bits of state, passes the usual statistical smoke tests, and is fast enough for millions of draws. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  // Box–Muller yields normals in pairs; keeping the spare halves the cost of `normal()`.
  let spareNormal: number | null = null;

  function uniform(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  }

  function normal(): number {
    if (spareNormal !== null) {
      const spare = spareNormal;
      spareNormal = null;
      return spare;
    }
    // 1 - uniform() lies in (0, 1], so the logarithm is always finite.
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  return { uniform, normal };
}

/**
 * Folds any number of 32-bit values into one well-mixed seed, so related inputs
 * (seed 1 vs 2, "GOOG" vs "GOOGL") still give unrelated streams.
 */
export function mixSeeds(...parts: readonly number[]): number {
  let hash = 0x9e3779b9;
  for (const part of parts) {
    hash = Math.imul(hash ^ (part >>> 0), 0x85ebca6b);
    hash = finalMix(hash ^ (hash >>> 13));
  }
  return hash >>> 0;
}

/** FNV-1a over UTF-16 code units: a stable 32-bit number per string. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}

/** Murmur3's avalanche step: every input bit flips about half the output bits. */
function finalMix(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
