/**
 * Importing a prices file into the store: the use case behind `ai-trader data import`. The file is
 * parsed whole first (see `parsePricesFile`), so a file that cannot be read stores nothing.
 */
import { readFile } from 'node:fs/promises';
import type { DailyBar } from '../../core/bars.js';
import type { PriceStore } from '../price-store.js';
import { ImportError } from './import-error.js';
import {
  parsePricesFile,
  type BarsFileFormat,
  type ParsedSeries,
  type SkippedBar,
  type SkippedSymbol,
} from './import-file.js';

export interface ImportedSeries {
  symbol: string;
  format: BarsFileFormat;
  barsStored: number;
  /** First and last date of the imported bars; recorded as covered by the import. */
  from: string;
  through: string;
  /** Days of the file not stored, with why (an incomplete bar: the session was not over). */
  skippedBars: SkippedBar[];
}

export interface ImportedFile {
  path: string;
  /** What was stored, per symbol, in the file's order. */
  series: ImportedSeries[];
  /** Symbols the file held that were not stored, with why (CD5, or no complete bar). */
  skippedSymbols: SkippedSymbol[];
}

/**
 * Imports one prices file (CSV, a saved Alpha Vantage answer of any market, the benchmark's JSON
 * or JSON Lines): stores each symbol's bars as 'import' and records the span they cover, so those
 * sessions are never downloaded. Throws ImportError naming the file; stores nothing then.
 */
export async function importPriceFile(
  deps: { store: PriceStore; now: () => Date },
  path: string,
  symbol?: string,
): Promise<ImportedFile> {
  const parsed = parsePricesFile(path, await readText(path), symbol);
  const withBars = parsed.series.filter((series) => series.bars.length > 0);
  const skippedSymbols = [
    ...parsed.skippedSymbols,
    ...parsed.series.filter((s) => s.bars.length === 0).map(noBars),
  ];
  if (withBars.length === 0 && skippedSymbols.length === 0)
    throw new ImportError('the file holds no bars', { file: path });
  const series: ImportedSeries[] = [];
  for (const entry of withBars) series.push(await storeSeries(deps, entry));
  return { path, series, skippedSymbols };
}

async function storeSeries(
  deps: { store: PriceStore; now: () => Date },
  series: ParsedSeries,
): Promise<ImportedSeries> {
  const from = (series.bars[0] as DailyBar).date;
  const through = (series.bars[series.bars.length - 1] as DailyBar).date;
  const barsStored = await deps.store.saveBars(series.bars, 'import');
  await deps.store.recordCoverage({
    symbol: series.symbol,
    startDate: from,
    endDate: through,
    source: 'import',
    fetchedAt: deps.now().toISOString(),
  });
  return {
    symbol: series.symbol,
    format: series.format,
    barsStored,
    from,
    through,
    skippedBars: series.skippedBars,
  };
}

function noBars(series: ParsedSeries): SkippedSymbol {
  const why = series.skippedBars.map((bar) => `${bar.date}: ${bar.reason}`).join('; ');
  return { symbol: series.symbol, reason: `no complete bar${why === '' ? '' : ` (${why})`}` };
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const detail =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : `cannot read the file (${error instanceof Error ? error.message : String(error)})`;
    throw new ImportError(detail, { file: path, cause: error });
  }
}
