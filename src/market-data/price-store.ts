import type { DailyBar } from '../core/bars.js';

/** Where a bar came from; shown wherever prices are shown, so synthetic data is never mistaken for real. */
export type PriceSource = 'alphavantage' | 'import' | 'synthetic';

/** Bars per source; a source with no bars is absent. */
export type SourceCounts = Partial<Record<PriceSource, number>>;

/** A span of dates that one provider response (or import) covered for a symbol. */
export interface CoverageSpan {
  symbol: string;
  startDate: string;
  endDate: string;
  source: PriceSource;
  fetchedAt: string;
}

/** Persistence of daily bars and of what has been fetched, so no bar is ever downloaded twice. */
export interface PriceStore {
  /** Inserts or replaces bars (keyed by symbol and date); returns how many rows were written. */
  saveBars(bars: readonly DailyBar[], source: PriceSource): Promise<number>;
  /** Bars of the given symbols with start <= date <= end, ordered by symbol then date. */
  loadBars(symbols: readonly string[], start: string, end: string): Promise<DailyBar[]>;
  /** For each symbol that has any, the dates of its stored bars within [start, end]. */
  storedDates(symbols: readonly string[], start: string, end: string): Promise<Map<string, Set<string>>>;
  /** Records that a response (or import) covered [startDate, endDate] for a symbol. */
  recordCoverage(span: CoverageSpan): Promise<void>;
  /** Coverage spans of the given symbols that overlap [start, end]. */
  coverage(symbols: readonly string[], start: string, end: string): Promise<CoverageSpan[]>;
  /** For each symbol that has bars within [start, end], how many of them came from each source. */
  barCountsBySource(
    symbols: readonly string[],
    start: string,
    end: string,
  ): Promise<Map<string, SourceCounts>>;
}
