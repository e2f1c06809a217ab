/** What `ai-trader data coverage` reports: per symbol, what is stored over a range and where it came from. */
import { addDays } from '../core/dates.js';
import type { Market } from '../core/markets/index.js';
import type { PriceDataService } from './price-data-service.js';
import type { PriceSource, PriceStore, SourceCounts } from './price-store.js';

export interface DateRange {
  start: string;
  end: string;
}

/** The 30 days before today: the window a coverage check looks at unless told otherwise. */
export function defaultCoverageRange(today: string): DateRange {
  return { start: addDays(today, -30), end: addDays(today, -1) };
}

export interface SymbolCoverage {
  symbol: string;
  /** Bars stored within the range. */
  bars: number;
  first?: string;
  last?: string;
  /** Sessions of the range neither stored nor covered by a past download: what a download would fetch. */
  missing: number;
  /**
   * Where the bars within the range came from, most bars first (on a tie the less trusted source
   * first, so synthetic bars are never hidden behind real ones); empty when none are stored.
   */
  sources: SourceBars[];
}

export interface SourceBars {
  source: PriceSource;
  bars: number;
}

export interface CoverageSummary {
  range: DateRange;
  sessions: number;
  symbols: SymbolCoverage[];
}

/** What is stored for each symbol of `market` over [start, end], judged against the market's calendar. */
export async function describeCoverage(
  deps: { store: PriceStore; service: PriceDataService },
  market: Market,
  symbols: readonly string[],
  range: DateRange,
): Promise<CoverageSummary> {
  const { start, end } = range;
  // Counted within the range: a symbol's bars elsewhere (a demo run months ago) say nothing about these.
  const [stored, missing, counts] = await Promise.all([
    deps.store.storedDates(symbols, start, end),
    deps.service.missingSymbols(market, symbols, start, end),
    deps.store.barCountsBySource(symbols, start, end),
  ]);
  const rows = symbols.map((symbol): SymbolCoverage => {
    const dates = [...(stored.get(symbol) ?? [])].sort();
    return {
      symbol,
      bars: dates.length,
      ...(dates.length === 0 ? {} : { first: dates[0], last: dates[dates.length - 1] }),
      missing: missing.get(symbol)?.length ?? 0,
      sources: sourcesByBars(counts.get(symbol) ?? {}),
    };
  });
  return { range, sessions: market.calendar.countSessions(start, end), symbols: rows };
}

// The order sources are listed in when they have as many bars: least trustworthy first.
const LEAST_TRUSTED_FIRST: readonly PriceSource[] = ['synthetic', 'import', 'alphavantage'];

function sourcesByBars(counts: SourceCounts): SourceBars[] {
  return LEAST_TRUSTED_FIRST.flatMap((source) => {
    const bars = counts[source] ?? 0;
    return bars > 0 ? [{ source, bars }] : [];
  }).sort((a, b) => b.bars - a.bars);
}
