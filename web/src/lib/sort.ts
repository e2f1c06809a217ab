/** Sorting the leaderboard by any column; missing values always sort last. */
import type { LeaderboardEntryResponse } from '../api/types.js';

export type SortDirection = 'ascending' | 'descending';

export interface Column {
  key: SortKey;
  label: string;
  /** Which way a first click sorts: best first. */
  firstDirection: SortDirection;
  numeric: boolean;
}

export type SortKey =
  'model' | 'period_return_pct' | 'ending_value' | 'trades' | 'max_drawdown_pct' | 'sharpe' | 'cost_usd';

export interface SortState {
  key: SortKey;
  direction: SortDirection;
}

export const COLUMNS: readonly Column[] = [
  { key: 'model', label: 'Model', firstDirection: 'ascending', numeric: false },
  { key: 'period_return_pct', label: 'Return', firstDirection: 'descending', numeric: true },
  { key: 'ending_value', label: 'Value', firstDirection: 'descending', numeric: true },
  { key: 'trades', label: 'Trades', firstDirection: 'descending', numeric: true },
  // The API gives a drawdown's depth (positive): the shallowest is best.
  { key: 'max_drawdown_pct', label: 'Max drawdown', firstDirection: 'ascending', numeric: true },
  { key: 'sharpe', label: 'Sharpe', firstDirection: 'descending', numeric: true },
  { key: 'cost_usd', label: 'LLM cost', firstDirection: 'ascending', numeric: true },
];

/** The API ranks by return, best first: the table starts the same way. */
export const DEFAULT_SORT: SortState = { key: 'period_return_pct', direction: 'descending' };

/** Clicking the sorted column flips it; another column starts with its best-first direction. */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key === key) {
    return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  }
  const column = COLUMNS.find((c) => c.key === key);
  return { key, direction: column?.firstDirection ?? 'descending' };
}

/** A stable sort: ties keep the API's order. */
export function sortEntries(
  entries: readonly LeaderboardEntryResponse[],
  { key, direction }: SortState,
): LeaderboardEntryResponse[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => {
      const x = a.entry[key];
      const y = b.entry[key];
      if (x === null && y === null) return a.index - b.index;
      if (x === null) return 1;
      if (y === null) return -1;
      const order = typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number);
      return order === 0 ? a.index - b.index : sign * order;
    })
    .map(({ entry }) => entry);
}
