/**
 * Which representation a results read asks for: `?format=` when given, else the Accept header, JSON
 * whenever that does not clearly prefer CSV (so browsers, clients accepting anything and those that
 * send no Accept at all keep getting the JSON they always got).
 */
import { DEFAULT_MARKET_ID } from '../core/markets/index.js';
import type { MarketId } from '../core/markets/market.js';
import type { ExportFormat } from './contract/results.js';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

export function negotiateFormat(
  requested: ExportFormat | undefined,
  accept: string | undefined,
): ExportFormat {
  if (requested !== undefined) return requested;
  if (accept === undefined || accept.trim() === '') return 'json';
  return quality(accept, 'text', 'csv') > quality(accept, 'application', 'json') ? 'csv' : 'json';
}

/**
 * The q value the Accept header gives a media type: that of the most specific range matching it
 * (`type/subtype` over `type/*` over the any-type wildcard, RFC 9110 12.5.1), 1 when the range names none, 0 when
 * no range matches.
 */
function quality(accept: string, type: string, subtype: string): number {
  let specificity = -1;
  let q = 0;
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const [rangeType, rangeSubtype] = range.split('/');
    const rank =
      rangeType === type && rangeSubtype === subtype
        ? 2
        : rangeType === type && rangeSubtype === '*'
          ? 1
          : rangeType === '*' && rangeSubtype === '*'
            ? 0
            : -1;
    if (rank <= specificity) continue;
    specificity = rank;
    const given = params.find((p) => p.startsWith('q='));
    const value = given === undefined ? 1 : Number(given.slice(2));
    q = Number.isFinite(value) ? value : 0;
  }
  return q;
}

/**
 * `results_2025-10-01_2025-10-03.csv`: the export's name with the dates it covers, and the market
 * for any but the original's (`results_crypto_2025-11-02_2025-11-05.csv`), so files of two markets
 * never share a name while US files keep theirs. Only well-formed dates are used, so nothing a
 * client sent can break out of the header's quotes.
 */
export function exportFilename(
  name: string,
  start: string | null | undefined,
  end: string | null | undefined,
  market: MarketId = DEFAULT_MARKET_ID,
): string {
  const dates = [...new Set([start, end])].filter(
    (d): d is string => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d),
  );
  const named = market === DEFAULT_MARKET_ID ? [name] : [name, market];
  return `${[...named, ...dates].join('_')}.csv`;
}
