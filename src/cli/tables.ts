import type {
  DayResultResponse,
  LeaderboardEntryResponse,
  LeaderboardResponse,
  RangeResultResponse,
  ResultsResponse,
} from '../http/contract/results.js';

/** A plain fixed-width table: first column left-aligned, the rest right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const fixed = (x: number | null | undefined, digits: number, suffix = ''): string =>
  x === null || x === undefined ? '-' : `${x.toFixed(digits)}${suffix}`;
const usd = (x: number | null | undefined): string =>
  x === null || x === undefined
    ? '-'
    : `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** Token counts at a glance: 950, 12.3k, 4.1M. */
const compactCount = (n: number): string =>
  n < 1000 ? String(n) : n < 1_000_000 ? `${(n / 1000).toFixed(1)}k` : `${(n / 1_000_000).toFixed(1)}M`;

/** The leaderboard as printed by `ai-trader leaderboard`, `simulate` and the demo. */
export function formatLeaderboard(board: LeaderboardResponse): string {
  const superseded = (e: LeaderboardEntryResponse): boolean => e.superseded_dates.length > 0;
  const row = (e: LeaderboardEntryResponse, rank: string): string[] => [
    `${rank} ${e.model}${superseded(e) ? ' *' : ''}`,
    fixed(e.period_return_pct, 2, '%'),
    usd(e.ending_value),
    e.trades === null ? '-' : String(e.trades),
    fixed(e.turnover, 2, 'x'),
    fixed(e.max_drawdown_pct, 2, '%'),
    fixed(e.sharpe, 2),
    fixed(e.calmar, 2),
    fixed(e.alpha_pct, 2, '%'),
    fixed(e.beta, 2),
    e.prompt_tokens === null || e.completion_tokens === null
      ? '-'
      : `${compactCount(e.prompt_tokens)}/${compactCount(e.completion_tokens)}`,
    e.cost_usd === null ? '-' : `$${e.cost_usd.toFixed(4)}`,
  ];
  const rows = board.entries.map((e, i) => row(e, `${i + 1}.`));
  if (board.benchmark) rows.push(row(board.benchmark, '  '));
  const period = board.start_date ? `${board.start_date} to ${board.end_date}` : 'no data';
  const table = formatTable(
    [
      'model',
      'return',
      'value',
      'trades',
      'turnover',
      'max dd',
      'sharpe',
      'calmar',
      'alpha',
      'beta',
      'tokens',
      'cost',
    ],
    rows,
  );
  // Only a job's own board can hold superseded days; say so rather than pass them off as standing.
  const note = board.entries.some(superseded) ? '\n* includes days a later run has superseded' : '';
  return `Leaderboard (${period})\n${table}${note}`;
}

/** `ai-trader results`: one row per model-day for a single date, one per model for a range. */
export function formatResults(results: ResultsResponse['results']): string {
  if (results.length === 0) return 'no results';
  const ranges = results.filter((r): r is RangeResultResponse => 'period_metrics' in r);
  if (ranges.length > 0) {
    return formatTable(
      ['model', 'from', 'to', 'start value', 'end value', 'return', 'annualized'],
      ranges.map((r) => {
        const m = r.period_metrics;
        return [
          r.model,
          r.start_date,
          r.end_date,
          String(m.starting_portfolio_value),
          String(m.ending_portfolio_value),
          `${m.period_return_pct}%`,
          `${m.annualized_return_pct}%`,
        ];
      }),
    );
  }
  const days = results.filter((r): r is DayResultResponse => 'daily_metrics' in r);
  return formatTable(
    ['model', 'date', 'trades', 'end value', 'profit', 'return'],
    days.map((r) => [
      r.model,
      r.date,
      String(r.trades.length),
      r.final_position.portfolio_value.toFixed(2),
      r.daily_metrics.profit.toFixed(2),
      `${r.daily_metrics.return_pct.toFixed(2)}%`,
    ]),
  );
}
