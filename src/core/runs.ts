/**
 * Repeats: a model may trade the same sessions as K independent portfolios ("runs"), each its own
 * chain from the starting cash. A run is stored as a portfolio of its own, under a portfolio key:
 * run 1 under the model's signature, exactly as a model without repeats, and run k >= 2 under
 * `<signature>#<k>`. Everything keyed by model (job details, trading-day chains, claims, resume,
 * superseding) then works per run unchanged. This module is the only one that spells the key;
 * configured signatures cannot hold `#` (config validation), so a key names one (model, run).
 */

/** The most runs one trigger may ask for per model. */
export const MAX_REPEATS = 20;

const SEPARATOR = '#';

export interface PortfolioRef {
  /** The configured signature. */
  model: string;
  /** 1-based; 1 is the model's own portfolio, the one a job without repeats trades. */
  run: number;
}

export function portfolioKey(model: string, run: number): string {
  if (!Number.isInteger(run) || run < 1) throw new RangeError(`a run is a whole number >= 1, got ${run}`);
  return run === 1 ? model : `${model}${SEPARATOR}${run}`;
}

/** The model and run a stored portfolio key names; a key without a run suffix is run 1. */
export function parsePortfolioKey(key: string): PortfolioRef {
  const at = key.lastIndexOf(SEPARATOR);
  if (at <= 0) return { model: key, run: 1 };
  const suffix = key.slice(at + 1);
  const run = Number(suffix);
  // Only the form portfolioKey writes counts: `#2`, never `#02`, `#1` or `#x`.
  if (!/^[1-9][0-9]*$/.test(suffix) || run < 2) return { model: key, run: 1 };
  return { model: key.slice(0, at), run };
}

/** Each model's K portfolio keys, model by model in the order given, runs ascending. */
export function portfolioKeys(models: readonly string[], repeats: number): string[] {
  return models.flatMap((model) => Array.from({ length: repeats }, (_, i) => portfolioKey(model, i + 1)));
}

/** The distinct models behind `keys`, in order of first appearance. */
export function baseModels(keys: readonly string[]): string[] {
  return [...new Set(keys.map((key) => parsePortfolioKey(key).model))];
}

/** The most runs any model of `keys` has: 1 for a job without repeats. */
export function runCount(keys: readonly string[]): number {
  return keys.reduce((most, key) => Math.max(most, parsePortfolioKey(key).run), 1);
}

/**
 * The sampling seed of run k: k - 1. Fixed per run rather than per job, so re-running run k (in any
 * later job) asks for the same seed and a seeded model reproduces it; run 1's 0 is the seed the mock
 * strategies always used, so run 1 of a job with repeats trades as a job without them.
 */
export function runSeed(run: number): number {
  return run - 1;
}

/** `run: k` on the wire for run k >= 2 only, so answers about run 1 (and every job without repeats) stay as they were. */
export function runField(key: string): { run?: number } {
  const { run } = parsePortfolioKey(key);
  return run >= 2 ? { run } : {};
}
