import { describe, expect, it } from 'vitest';
import { formatLeaderboard, formatResults } from '../../src/cli/tables.js';
import type { LeaderboardEntryResponse, RangeResultResponse } from '../../src/http/contract/results.js';

const US = { market: 'us', currency: { code: 'USD', symbol: '$', decimals: 2 } } as const;
const CRYPTO = { market: 'crypto', currency: { code: 'USDT', symbol: '', decimals: 4 } } as const;
const CN = { market: 'cn', currency: { code: 'CNY', symbol: '¥', decimals: 2 } } as const;

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
      ...US,
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
      ...US,
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

describe('tables of other markets', () => {
  const benchmark = (label: string): LeaderboardEntryResponse => ({
    ...entry(label),
    trades: null,
    turnover: null,
    prompt_tokens: null,
    completion_tokens: null,
    cost_usd: null,
  });

  it("names the market and shows money in its currency, with its benchmark's row", () => {
    const crypto = formatLeaderboard({
      ...CRYPTO,
      start_date: '2025-11-02',
      end_date: '2025-11-04',
      entries: [{ ...entry('alpha'), ending_value: 50494.95 }],
      benchmark: { ...benchmark('CD5 (benchmark)'), ending_value: 45229.7427 },
    }).split('\n');
    expect(crypto[0]).toBe('Leaderboard (crypto, USDT, 2025-11-02 to 2025-11-04)');
    expect(crypto[3]).toMatch(/^1\. alpha\s+1\.00%\s+50,494\.9500 USDT\s/);
    // The LLM's cost is in dollars whatever the market.
    expect(crypto[3]).toMatch(/\$0\.0123$/);
    expect(crypto[4]).toMatch(/^ {3}CD5 \(benchmark\)\s+1\.00%\s+45,229\.7427 USDT\s/);

    const cn = formatLeaderboard({
      ...CN,
      start_date: '2025-11-03',
      end_date: '2025-11-04',
      entries: [{ ...entry('alpha'), ending_value: 100500 }],
      benchmark: { ...benchmark('SSE-50 index (benchmark)'), ending_value: 99990 },
    });
    expect(cn).toContain('Leaderboard (cn, CNY, 2025-11-03 to 2025-11-04)');
    expect(cn).toMatch(/1\. alpha\s+1\.00%\s+¥100,500\.00\s/);
    expect(cn).toMatch(/SSE-50 index \(benchmark\)\s+1\.00%\s+¥99,990\.00\s/);
  });

  it("prints a range's values in the market's currency", () => {
    const range = {
      model: 'alpha',
      start_date: '2025-11-02',
      end_date: '2025-11-04',
      period_metrics: {
        starting_portfolio_value: 50000,
        ending_portfolio_value: 50494.95,
        period_return_pct: 0.99,
        annualized_return_pct: 231.43,
      },
    } as RangeResultResponse;
    expect(formatResults({ ...CRYPTO, count: 1, results: [range] }).split('\n')).toEqual([
      'Results (crypto, USDT)',
      'model        from          to       start value         end value  return  annualized',
      '-----  ----------  ----------  ----------------  ----------------  ------  ----------',
      'alpha  2025-11-02  2025-11-04  50,000.0000 USDT  50,494.9500 USDT   0.99%     231.43%',
    ]);
    expect(formatResults({ ...US, count: 1, results: [range] }).split('\n')[0]).toMatch(/^model\s/);
  });
});
