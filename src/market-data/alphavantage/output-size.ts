export type OutputSize = 'compact' | 'full';

/** How many of the latest sessions an `outputsize=compact` response carries. */
export const COMPACT_SESSIONS = 100;

/**
 * Picks the cheapest output size that still reaches back to `oldestNeededDate`. `sessionsBetween(a, b)`
 * must count the trading sessions in [a, b], both ends included (it is passed in rather than imported
 * so this module does not depend on a particular exchange calendar).
 */
export function chooseOutputSize(
  oldestNeededDate: string,
  latestSession: string,
  sessionsBetween: (a: string, b: string) => number,
): OutputSize {
  if (oldestNeededDate >= latestSession) return 'compact';
  return sessionsBetween(oldestNeededDate, latestSession) <= COMPACT_SESSIONS ? 'compact' : 'full';
}
