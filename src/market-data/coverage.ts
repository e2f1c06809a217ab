import type { CoverageSpan } from './price-store.js';

/**
 * Pure reasoning about which bars we have. A symbol "knows" a session when a bar is stored for it or a
 * fetched span covers it (a covered session without a bar is a halt or delisting: known to be absent).
 * Sessions come from the trading calendar, so weekends and holidays are never "missing".
 */
export interface CoverageFacts {
  /** Requested trading sessions, ascending. */
  sessions: readonly string[];
  symbols: readonly string[];
  /** Stored bar dates per symbol (within the sessions' span). */
  stored: ReadonlyMap<string, ReadonlySet<string>>;
  spans: readonly CoverageSpan[];
}

function spansBySymbol(spans: readonly CoverageSpan[]): Map<string, CoverageSpan[]> {
  const bySymbol = new Map<string, CoverageSpan[]>();
  for (const span of spans) {
    const list = bySymbol.get(span.symbol) ?? [];
    list.push(span);
    bySymbol.set(span.symbol, list);
  }
  return bySymbol;
}

const covered = (spans: readonly CoverageSpan[] | undefined, date: string): boolean =>
  spans?.some((s) => s.startDate <= date && date <= s.endDate) ?? false;

/** Per symbol, the requested sessions it does not know yet (symbols that know them all are left out). */
export function unknownSessions(facts: CoverageFacts): Map<string, string[]> {
  const spans = spansBySymbol(facts.spans);
  const result = new Map<string, string[]>();
  for (const symbol of facts.symbols) {
    const stored = facts.stored.get(symbol);
    const unknown = facts.sessions.filter((d) => !stored?.has(d) && !covered(spans.get(symbol), d));
    if (unknown.length > 0) result.set(symbol, unknown);
  }
  return result;
}

/**
 * Download order: the symbols whose bars would complete the most requested sessions first, so a rate
 * limit part-way leaves the most useful data behind. Ties go alphabetically, for repeatable runs.
 */
export function prioritiseDownloads(unknown: ReadonlyMap<string, readonly string[]>): string[] {
  return [...unknown.entries()]
    .sort(([a, da], [b, db]) => db.length - da.length || a.localeCompare(b))
    .map(([symbol]) => symbol);
}

export interface Availability {
  /** Sessions a simulation can run on. */
  runnable: string[];
  /** Sessions that cannot run, with why. */
  skipped: { date: string; reason: string }[];
  /** Symbols that could not be had for any requested session: untradable for the whole range. */
  unavailableSymbols: string[];
}

/**
 * Which sessions can run. A symbol with no data at all for the range (a failed or rate-limited download)
 * is untradable and blocks nothing; any other symbol must be known on a session for it to run, and at
 * least one symbol must have a bar that day.
 */
export function assessAvailability(facts: CoverageFacts): Availability {
  const spans = spansBySymbol(facts.spans);
  const knows = (symbol: string, date: string): boolean =>
    (facts.stored.get(symbol)?.has(date) ?? false) || covered(spans.get(symbol), date);

  const unavailableSymbols = facts.symbols.filter((sym) => !facts.sessions.some((d) => knows(sym, d)));
  const unavailable = new Set(unavailableSymbols);
  const present = facts.symbols.filter((s) => !unavailable.has(s));

  const runnable: string[] = [];
  const skipped: { date: string; reason: string }[] = [];
  for (const date of facts.sessions) {
    const unknown = present.filter((s) => !knows(s, date));
    const anyBar = present.some((s) => facts.stored.get(s)?.has(date) ?? false);
    if (unknown.length > 0) {
      skipped.push({ date, reason: `Incomplete price data: missing ${describeSymbols(unknown)}` });
    } else if (!anyBar) {
      skipped.push({ date, reason: 'Incomplete price data: no prices for this session' });
    } else {
      runnable.push(date);
    }
  }
  return { runnable, skipped, unavailableSymbols };
}

function describeSymbols(symbols: readonly string[]): string {
  const shown = symbols.slice(0, 5).join(', ');
  return symbols.length > 5 ? `${shown} and ${symbols.length - 5} more` : shown;
}
