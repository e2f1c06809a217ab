/**
 * The few summary statistics the metrics need. Sample (n - 1) forms throughout: a period's daily
 * returns are a sample of the strategy's returns, not the whole population of them.
 */

/**
 * Deviations below this are rounding residue (equal returns whose float mean is off by an ulp), not
 * risk; dividing by them would report an absurd ratio instead of "undefined".
 */
export const NOISE = 1e-12;

export function mean(xs: readonly number[]): number {
  return xs.reduce((sum, x) => sum + x, 0) / xs.length;
}

export function sampleStdDev(xs: readonly number[], avg: number = mean(xs)): number {
  return Math.sqrt(sampleCovariance(xs, xs, avg, avg));
}

/** Σ (x - x̄)(y - ȳ) / (n - 1) over paired values; the lists must be equally long and hold 2 or more. */
export function sampleCovariance(
  xs: readonly number[],
  ys: readonly number[],
  xMean: number = mean(xs),
  yMean: number = mean(ys),
): number {
  if (xs.length !== ys.length)
    throw new RangeError(`paired lists differ in length: ${xs.length} vs ${ys.length}`);
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += ((xs[i] as number) - xMean) * ((ys[i] as number) - yMean);
  return sum / (xs.length - 1);
}

/** The middle value (the mean of the two middle ones for an even count); NaN for an empty list. */
export function median(xs: readonly number[]): number {
  return quantileSorted(
    [...xs].sort((a, b) => a - b),
    0.5,
  );
}

/**
 * The p-quantile of an ascending list by linear interpolation between order statistics (Hyndman and
 * Fan's type 7, the default of R and NumPy): h = (n - 1) p, then x[⌊h⌋] + (h - ⌊h⌋)(x[⌊h⌋ + 1] - x[⌊h⌋]),
 * indices from 0. NaN for an empty list.
 */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const below = Math.floor(h);
  const low = sorted[below] as number;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return low + (h - below) * (high - low);
}
