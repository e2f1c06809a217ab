/** The leaderboard's evidence on the dashboard: intervals, verdicts in plain words, the pairs and the cost. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { LeaderboardEntryResponse, LeaderboardResponse } from '../../web/src/api/types.js';
import { EvidencePanel } from '../../web/src/components/EvidencePanel.js';
import { LeaderboardTable } from '../../web/src/components/LeaderboardTable.js';
import { formatInterval, formatP, verdictOf, type PairedTest } from '../../web/src/lib/evidence.js';

const test = (overrides: Partial<PairedTest>): PairedTest => ({
  method: 'paired sign-flip permutation test',
  exact: true,
  resamples: null,
  sessions: 6,
  mean_difference_pct: 0.995,
  t: 449.5,
  p_value: 0.03125,
  t_p_value: 0.00001,
  verdict: 'distinguishable',
  ...overrides,
});

const figure = (low: number | null, high: number | null) => ({
  runs: 1,
  mean: 6.12,
  median: 6.12,
  sd: null,
  min: 6.12,
  max: 6.12,
  ci_low: low,
  ci_high: high,
});

const entry = (model: string, vs: PairedTest | null): LeaderboardEntryResponse => ({
  model,
  starting_value: 10000,
  ending_value: 10612.08,
  period_return_pct: 6.12,
  trades: 0,
  turnover: 0,
  prompt_tokens: 6000,
  completion_tokens: 600,
  cost_usd: 0.06,
  max_drawdown_pct: 0,
  max_drawdown_start: null,
  max_drawdown_end: null,
  sharpe: 14.4914,
  calmar: null,
  alpha_pct: 1,
  beta: 0.5,
  superseded_dates: [],
  evidence: {
    runs: 1,
    sessions: 6,
    model_days: vs === null ? null : 6,
    interval_method: 'bootstrap over sessions',
    period_return_pct: figure(2, 10.41),
    max_drawdown_pct: figure(0, 0),
    sharpe: figure(6.4807, 32.4037),
    vs_benchmark: vs,
  },
});

const board: LeaderboardResponse = {
  market: 'us',
  currency: { code: 'USD', symbol: '$', decimals: 2 },
  start_date: '2025-10-01',
  end_date: '2025-10-08',
  entries: [
    entry('steady', test({})),
    entry('cash', test({ mean_difference_pct: -0.005, p_value: 0.71875, verdict: 'not distinguishable' })),
  ],
  benchmark: {
    ...entry('QQQ (benchmark)', null),
    trades: null,
    prompt_tokens: null,
    completion_tokens: null,
  },
  evidence: {
    confidence: 0.95,
    significance: 0.05,
    seed: 42,
    bootstrap_resamples: 10000,
    permutation_resamples: 10000,
    exact_max_sessions: 32,
    min_sessions: 6,
    comparisons: [
      {
        model_a: 'steady',
        model_b: 'cash',
        ...test({ mean_difference_pct: 1, p_value: 0.25, verdict: 'not distinguishable' }),
      },
    ],
    cost: { model_days: 12, prompt_tokens: 9000, completion_tokens: 900, cost_usd: 0.09 },
  },
};

describe('evidence wording', () => {
  it('writes an interval with signs and a p-value to four places', () => {
    expect(formatInterval(2, 10.41)).toBe('+2.00% to +10.41%');
    expect(formatInterval(-13.28, 7.87)).toBe('-13.28% to +7.87%');
    expect(formatInterval(null, 1)).toBe('—');
    expect(formatP(0.03125)).toBe('p = 0.0313');
    expect(formatP(0.000099990001)).toBe('p = 0.00010');
  });

  it('says a told-apart difference`s direction, and "not distinguishable" plainly', () => {
    expect(verdictOf(test({}), 'QQQ')).toMatchObject({ text: 'Above QQQ', tone: 'gain' });
    expect(verdictOf(test({ mean_difference_pct: -0.4 }), 'QQQ')).toMatchObject({
      text: 'Below QQQ',
      tone: 'loss',
    });
    const same = verdictOf(test({ verdict: 'not distinguishable', p_value: 0.72 }), 'QQQ');
    expect(same).toMatchObject({ text: 'Not distinguishable', tone: '' });
    expect(same.title).toContain('p = 0.7200');
    expect(verdictOf(test({ verdict: 'too few sessions', sessions: 4 }), 'QQQ').text).toBe(
      'Too few sessions (4)',
    );
  });
});

describe('the leaderboard and the evidence panel', () => {
  it('adds the interval and the verdict to each row, only for a board with evidence', () => {
    const html = renderToStaticMarkup(createElement(LeaderboardTable, { board, jobId: null }));
    expect(html).toContain('95% CI');
    expect(html).toContain('vs QQQ');
    expect(html).toMatch(/data-field="interval"[^>]*>\+2\.00% to \+10\.41%</);
    expect(html).toMatch(/class="gain" data-field="verdict"[^>]*>Above QQQ</);
    expect(html).toMatch(/data-field="verdict"[^>]*>Not distinguishable</);
    const { evidence: _, ...plain } = board;
    const without = renderToStaticMarkup(createElement(LeaderboardTable, { board: plain, jobId: null }));
    expect(without).not.toContain('95% CI');
    expect(without).not.toContain('data-field="verdict"');
  });

  it('lists the pairs with their verdicts, the method and the cost', () => {
    const html = renderToStaticMarkup(createElement(EvidencePanel, { board }));
    expect(html).toContain('bootstrap over sessions (runs per model: 1; seed 42, 10,000 resamples)');
    expect(html).toMatch(/steady vs cash<\/th><td class="num">6<\/td><td class="num">p = 0\.2500<\/td>/);
    expect(html).toContain('Not distinguishable');
    expect(html).toContain('12 model-days, 9,000 prompt + 900 completion tokens, $0.09');
    const { evidence: _, ...plain } = board;
    expect(renderToStaticMarkup(createElement(EvidencePanel, { board: plain }))).toBe('');
  });
});
