/**
 * Ticker spelling for imported files. Tickers are stored upper-case, and anything that does not
 * look like one (a file called "prices_2024.csv", say) is refused rather than guessed at.
 */

// Letters and digits, optionally a share-class suffix as in BRK.B or BF-B.
const TICKER = /^[A-Z][A-Z0-9]{0,5}(?:[.-][A-Z0-9]{1,3})?$/;

/** The upper-cased ticker, or `undefined` when `raw` does not look like one. */
export function normaliseTicker(raw: string): string | undefined {
  const candidate = raw.trim().toUpperCase();
  return TICKER.test(candidate) ? candidate : undefined;
}
