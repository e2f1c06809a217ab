/** Sorting the leaderboard by any column; missing values always sort last. */
import type { LeaderboardEntryResponse } from '../api/types.js';

export type SortDirection = 'ascending' | 'descending';

export interface Column {
  key: SortKey;
  /** The header's text; `name` says it in full (for the button's accessible name and tooltip). */
  label: string;
  name: string;
  /** Which way a first click sorts: best first. */
  firstDirection: SortDirection;
  numeric: boolean;
}

export type SortKey =
  | 'model'
  | 'period_return_pct'
  | 'ending_value'
  | 'trades'
  | 'max_drawdown_pct'
  | 'sharpe'
  | 'calmar'
  | 'alpha_pct'
  | 'beta'
  | 'cost_usd';

export interface SortState {
  key: SortKey;
  direction: SortDirection;
}

export const COLUMNS: readonly Column[] = [
  { key: 'model', label: 'Model', name: 'model', firstDirection: 'ascending', numeric: false },
  { key: 'period_return_pct', label: 'Return', name: 'return', firstDirection: 'descending', numeric: true },
  { key: 'ending_value', label: 'Value', name: 'ending value', firstDirection: 'descending', numeric: true },
  { key: 'trades', label: 'Trades', name: 'trades', firstDirection: 'descending', numeric: true },
  // The API gives a drawdown's depth (positive): the shallowest is best.
  {
    key: 'max_drawdown_pct',
    label: 'Max DD',
    name: 'max drawdown',
    firstDirection: 'ascending',
    numeric: true,
  },
  { key: 'sharpe', label: 'Sharpe', name: 'Sharpe ratio', firstDirection: 'descending', numeric: true },
  { key: 'calmar', label: 'Calmar', name: 'Calmar ratio', firstDirection: 'descending', numeric: true },
  {
    key: 'alpha_pct',
    label: 'Alpha',
    name: 'alpha against QQQ',
    firstDirection: 'descending',
    numeric: true,
  },
  { key: 'beta', label: 'Beta', name: 'beta against QQQ', firstDirection: 'descending', numeric: true },
  { key: 'cost_usd', label: 'LLM cost', name: 'LLM cost', firstDirection: 'ascending', numeric: true },
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
