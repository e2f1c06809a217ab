import type { Leaderboard, LeaderboardEntry } from '../results/results-types.js';

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

/** The leaderboard as printed by `ai-trader leaderboard`, `simulate` and the demo. */
export function formatLeaderboard(board: Leaderboard): string {
  const row = (e: LeaderboardEntry, rank: string): string[] => [
    `${rank} ${e.model}`,
    fixed(e.period_return_pct, 2, '%'),
    usd(e.ending_value),
    e.trades === null ? '-' : String(e.trades),
    fixed(e.max_drawdown_pct, 2, '%'),
    fixed(e.sharpe, 2),
    e.cost_usd === null ? '-' : `$${e.cost_usd.toFixed(4)}`,
  ];
  const rows = board.entries.map((e, i) => row(e, `${i + 1}.`));
  if (board.benchmark) rows.push(row(board.benchmark, '  '));
  const period = board.start_date ? `${board.start_date} to ${board.end_date}` : 'no data';
  return `Leaderboard (${period})\n${formatTable(['model', 'return', 'value', 'trades', 'max dd', 'sharpe', 'cost'], rows)}`;
}
