/** Sorting the dashboard's leaderboard by a column. */
import { describe, expect, it } from 'vitest';
import type { LeaderboardEntryResponse } from '../../web/src/api/types.js';
import { DEFAULT_SORT, nextSort, sortEntries } from '../../web/src/lib/sort.js';

const entry = (
  model: string,
  ret: number,
  sharpe: number | null,
  cost: number | null,
): LeaderboardEntryResponse => ({
  model,
  starting_value: 10_000,
  ending_value: 10_000 * (1 + ret / 100),
  period_return_pct: ret,
  trades: 1,
  turnover: 0.5,
  prompt_tokens: 100,
  completion_tokens: 20,
  cost_usd: cost,
  max_drawdown_pct: 1,
  max_drawdown_start: null,
  max_drawdown_end: null,
  sharpe,
  calmar: null,
  alpha_pct: null,
  beta: null,
  superseded_dates: [],
});

// The API's order: best return first.
const board = [entry('b', 5, 1.5, 0.2), entry('a', 3, null, 0.1), entry('c', -1, 2, null)];
const models = (entries: LeaderboardEntryResponse[]): string[] => entries.map((e) => e.model);

describe('leaderboard sorting', () => {
  it("starts in the API's order", () => {
    expect(models(sortEntries(board, DEFAULT_SORT))).toEqual(['b', 'a', 'c']);
  });

  it('sorts by a column best first, flips on a second click, and keeps missing values last', () => {
    const bySharpe = nextSort(DEFAULT_SORT, 'sharpe');
    expect(bySharpe).toEqual({ key: 'sharpe', direction: 'descending' });
    expect(models(sortEntries(board, bySharpe))).toEqual(['c', 'b', 'a']);
    const flipped = nextSort(bySharpe, 'sharpe');
    expect(flipped.direction).toBe('ascending');
    expect(models(sortEntries(board, flipped))).toEqual(['b', 'c', 'a']);
  });

  it('puts the cheapest first for cost and sorts names alphabetically', () => {
    expect(models(sortEntries(board, nextSort(DEFAULT_SORT, 'cost_usd')))).toEqual(['a', 'b', 'c']);
    expect(models(sortEntries(board, nextSort(DEFAULT_SORT, 'model')))).toEqual(['a', 'b', 'c']);
  });
});
