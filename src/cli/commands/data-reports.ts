/** What the `data` commands print: a download's report, a coverage table, an imported file. */
import type { Market } from '../../core/markets/index.js';
import type { CoverageSummary, DateRange, SourceBars } from '../../market-data/coverage-report.js';
import { DEMO_DISCLAIMER } from '../../market-data/demo/demo-dataset.js';
import type { ImportedFile } from '../../market-data/import/price-import.js';
import type { DownloadReport } from '../../market-data/price-data-service.js';
import type { PriceSource } from '../../market-data/price-store.js';
import type { TextSink } from '../progress.js';

const FAILURES_SHOWN = 10;
const SKIPPED_BARS_SHOWN = 3;

/** `2025-10-01..2025-10-30 (22 sessions)`, counted on the market's calendar. */
export function describeRange(range: DateRange, market: Market): string {
  return `${range.start}..${range.end} (${market.calendar.countSessions(range.start, range.end)} sessions)`;
}

export function printDownloadReport(
  out: TextSink,
  report: DownloadReport,
  job: { range: DateRange; market: Market; symbols: number; source: PriceSource },
): void {
  const span = describeRange(job.range, job.market);
  if (report.needed.length === 0) {
    out.write(`Nothing to download: all ${job.symbols} symbols already have prices for ${span}.\n`);
    return;
  }
  out.write(
    [
      `Prices for ${span} from ${job.source}:`,
      `  needed        ${report.needed.length} of ${job.symbols} symbols`,
      `  downloaded    ${report.downloaded.length}`,
      `  failed        ${report.failed.length}`,
      `  rate limited  ${report.rateLimited ? 'yes' : 'no'}`,
      `  bars stored   ${report.barsStored}`,
      '',
    ].join('\n'),
  );
  if (report.failed.length > 0) {
    out.write('Failed:\n');
    for (const failure of report.failed.slice(0, FAILURES_SHOWN)) {
      out.write(`  ${failure.symbol} (${failure.kind}): ${failure.reason}\n`);
    }
    if (report.failed.length > FAILURES_SHOWN)
      out.write(`  ... and ${report.failed.length - FAILURES_SHOWN} more\n`);
  }
  if (report.warnings.length > 0) {
    out.write('Warnings:\n');
    for (const warning of report.warnings) out.write(`  - ${warning}\n`);
  }
  if (job.source === 'synthetic') out.write(`${DEMO_DISCLAIMER}\n`);
}

export function printCoverage(out: TextSink, summary: CoverageSummary, market: Market): void {
  out.write(`Price coverage ${describeRange(summary.range, market)}:\n`);
  const header = ['SYMBOL', 'BARS', 'FIRST', 'LAST', 'MISSING', 'SOURCE'];
  const rows = summary.symbols.map((row) => [
    row.symbol,
    String(row.bars),
    row.first ?? '-',
    row.last ?? '-',
    String(row.missing),
    describeSources(row.sources),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  for (const cells of [header, ...rows]) {
    out.write(
      `${cells
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd()}\n`,
    );
  }
  const incomplete = summary.symbols.filter((row) => row.missing > 0).length;
  const hint =
    incomplete === 0 ? '' : `; ${incomplete} lack sessions (\`ai-trader data download\` fetches them)`;
  out.write(`${summary.symbols.length - incomplete} of ${summary.symbols.length} symbols complete${hint}.\n`);
  const withSynthetic = summary.symbols.filter((row) => row.sources.some((s) => s.source === 'synthetic'));
  if (withSynthetic.length > 0) {
    out.write(`synthetic: ${DEMO_DISCLAIMER}\n`);
    out.write(
      `${withSynthetic.length} symbols have synthetic bars in this range: PROD jobs ignore them (to a ` +
        'PROD job those sessions are missing; a PROD `ai-trader data download` replaces them with real prices).\n',
    );
  }
}

/** `import` when one source has them all, else each with its bars (`import 80, synthetic 20`); `-` for none. */
function describeSources(sources: readonly SourceBars[]): string {
  const [only, ...others] = sources;
  if (only === undefined) return '-';
  if (others.length === 0) return only.source;
  return sources.map(({ source, bars }) => `${source} ${bars}`).join(', ');
}

/**
 * One line per symbol stored (with the days left out, and why), then one per symbol skipped:
 * `Imported BTC-USDT: 355 bars, 2024-11-26..2025-11-15, from x.jsonl (benchmark-jsonl); skipped 1 bar: ...`.
 */
export function printImportedFile(out: TextSink, imported: ImportedFile): void {
  for (const series of imported.series) {
    const skipped = series.skippedBars;
    const shown = skipped
      .slice(0, SKIPPED_BARS_SHOWN)
      .map((bar) => `${bar.date} (${bar.reason})`)
      .join(', ');
    const more =
      skipped.length > SKIPPED_BARS_SHOWN ? ` and ${skipped.length - SKIPPED_BARS_SHOWN} more` : '';
    const skippedNote =
      skipped.length === 0
        ? ''
        : `; skipped ${skipped.length} ${skipped.length === 1 ? 'bar' : 'bars'}: ${shown}${more}`;
    out.write(
      `Imported ${series.symbol}: ${series.barsStored} bars, ${series.from}..${series.through}, ` +
        `from ${imported.path} (${series.format})${skippedNote}\n`,
    );
  }
  for (const skipped of imported.skippedSymbols) {
    out.write(`Skipped ${skipped.symbol} in ${imported.path}: ${skipped.reason}\n`);
  }
}
