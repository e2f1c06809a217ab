/**
 * The randomness of resampling, made repeatable: every bootstrap and every sampled permutation test
 * starts a fresh generator from one stated seed, so the same runs give the same interval and p-value
 * on every request, and one model's figures do not depend on which other models are on the board.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** The seed every resampling starts from (README, "Evidence"). */
export const EVIDENCE_SEED = 42;

/** Draws a whole number from 0 to n - 1, each equally likely. */
export type DrawIndex = (n: number) => number;

/** A fresh draw from xoroshiro128+ seeded with `seed`; uniform without modulo bias. */
export function seededDraw(seed: number = EVIDENCE_SEED): DrawIndex {
  const rng = xoroshiro128plus(seed);
  return (n) => uniformInt(rng, 0, n - 1);
}

/**
 * 32 fair coin flips to a call, as the bits of an unsigned word: a sign pattern of n sessions costs
 * n/32 draws instead of n, which keeps a sampled permutation test over years of sessions quick.
 */
export function seededWords(seed: number = EVIDENCE_SEED): () => number {
  const rng = xoroshiro128plus(seed);
  return () => rng.next() >>> 0;
}
