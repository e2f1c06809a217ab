import { describe, expect, it } from 'vitest';
import { formatLeaderboard } from '../../src/cli/tables.js';
import type { LeaderboardEntryResponse } from '../../src/http/contract/results.js';

const entry = (model: string, supersededDates: string[] = []): LeaderboardEntryResponse => ({
  model,
  starting_value: 10000,
  ending_value: 10100,
  period_return_pct: 1,
  trades: 2,
  turnover: 0.4902,
  prompt_tokens: 12345,
  completion_tokens: 678,
  cost_usd: 0.0123,
  max_drawdown_pct: 0.5,
  max_drawdown_start: '2025-10-01',
  max_drawdown_end: '2025-10-02',
  sharpe: 1.2345,
  calmar: -166.8914,
  alpha_pct: 25.2,
  beta: 1.5,
  superseded_dates: supersededDates,
});

describe('formatLeaderboard', () => {
  it('prints ranked models and the benchmark without a footnote when every day stands', () => {
    const text = formatLeaderboard({
      start_date: '2025-10-01',
      end_date: '2025-10-02',
      entries: [entry('alpha')],
      benchmark: {
        ...entry('QQQ (benchmark)'),
        trades: null,
        turnover: null,
        prompt_tokens: null,
        completion_tokens: null,
        cost_usd: null,
        alpha_pct: 0,
        beta: 1,
      },
    });
    expect(text.split('\n')).toEqual([
      'Leaderboard (2025-10-01 to 2025-10-02)',
      'model               return       value  trades  turnover  max dd  sharpe   calmar   alpha  beta     tokens     cost',
      '------------------  ------  ----------  ------  --------  ------  ------  -------  ------  ----  ---------  -------',
      '1. alpha             1.00%  $10,100.00       2     0.49x   0.50%    1.23  -166.89  25.20%  1.50  12.3k/678  $0.0123',
      '   QQQ (benchmark)   1.00%  $10,100.00       -         -   0.50%    1.23  -166.89   0.00%  1.00          -        -',
    ]);
  });

  it('stars a model whose days a later run superseded, and says what the star means', () => {
    const text = formatLeaderboard({
      start_date: '2025-10-01',
      end_date: '2025-10-02',
      entries: [entry('alpha', ['2025-10-02']), entry('beta')],
      benchmark: null,
    });
    expect(text).toContain('1. alpha *');
    expect(text).not.toContain('2. beta *');
    expect(text.endsWith('\n* includes days a later run has superseded')).toBe(true);
  });
});
