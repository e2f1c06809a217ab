import { describe, expect, it } from 'vitest';
import { formatLeaderboard } from '../../src/cli/tables.js';
import type { LeaderboardEntryResponse, LeaderboardResponse } from '../../src/http/contract/results.js';

const figure = { runs: 1, mean: -3, median: -3, sd: null, min: -3, max: -3, ci_low: -13.28, ci_high: 7.87 };
const test = {
  method: 'paired sign-flip permutation test' as const,
  exact: false,
  resamples: 10000,
  sessions: 20,
  mean_difference_pct: -0.4,
  t: -3.1,
  p_value: 0.0065,
  t_p_value: 0.006,
  verdict: 'distinguishable' as const,
};
const entry: LeaderboardEntryResponse = {
  model: 'laggard',
  starting_value: 10000,
  ending_value: 9700,
  period_return_pct: -3,
  trades: 5,
  turnover: 1,
  prompt_tokens: 100,
  completion_tokens: 10,
  cost_usd: 0.01,
  max_drawdown_pct: 4,
  max_drawdown_start: '2025-10-01',
  max_drawdown_end: '2025-10-02',
  sharpe: -1.8,
  calmar: -7,
  alpha_pct: -90,
  beta: 0.9,
  superseded_dates: [],
  evidence: {
    runs: 1,
    sessions: 20,
    model_days: 20,
    interval_method: 'bootstrap over sessions',
    period_return_pct: figure,
    max_drawdown_pct: figure,
    sharpe: figure,
    vs_benchmark: test,
  },
};

describe('formatLeaderboard with evidence', () => {
  it('says which way a told-apart difference goes, and when too few sessions tell nothing', () => {
    const board: LeaderboardResponse = {
      market: 'us',
      currency: { code: 'USD', symbol: '$', decimals: 2 },
      start_date: '2025-10-01',
      end_date: '2025-10-28',
      entries: [
        entry,
        {
          ...entry,
          model: 'newcomer',
          evidence: {
            ...entry.evidence!,
            vs_benchmark: { ...test, sessions: 4, verdict: 'too few sessions' },
          },
        },
      ],
      benchmark: null,
      evidence: {
        confidence: 0.95,
        significance: 0.05,
        seed: 42,
        bootstrap_resamples: 10000,
        permutation_resamples: 10000,
        exact_max_sessions: 32,
        min_sessions: 6,
        comparisons: [{ model_a: 'laggard', model_b: 'newcomer', ...test, mean_difference_pct: 0.2 }],
        cost: { model_days: 24, prompt_tokens: 1500, completion_tokens: 120, cost_usd: null },
      },
    };
    const lines = formatLeaderboard(board).split('\n');
    expect(lines[3]).toMatch(/\[-13\.28, 7\.87\]%\s+p=0\.0065 distinguishable, below$/);
    expect(lines[4]).toMatch(/too few sessions \(4\)$/);
    expect(lines).toContain('  laggard vs newcomer: p=0.0065 distinguishable, above');
    expect(lines.at(-1)).toBe('Evidence cost: 24 model-days, 1.5k/120 tokens, cost unknown');
  });
});
