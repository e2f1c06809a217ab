/** The chart numbers the dashboard computes in the browser from the API's daily values. */
import { describe, expect, it } from 'vitest';
import type { LeaderboardEntryResponse, RangeResultResponse } from '../../web/src/api/types.js';
import {
  benchmarkEndpointsSeries,
  benchmarkReturnSeries,
  drawdownSeries,
  lastValue,
  maxDrawdown,
  modelReturnSeries,
} from '../../web/src/lib/series.js';

const range = (values: number[], starting = 10_000): RangeResultResponse =>
  ({
    model: 'alpha',
    daily_portfolio_values: values.map((portfolio_value, i) => ({
      date: `2025-10-0${i + 1}`,
      portfolio_value,
    })),
    period_metrics: { starting_portfolio_value: starting },
  }) as RangeResultResponse;

const qqqRow = (period_return_pct: number): LeaderboardEntryResponse => ({
  model: 'QQQ (benchmark)',
  starting_value: 10_000,
  ending_value: 10_000 * (1 + period_return_pct / 100),
  period_return_pct,
  trades: null,
  turnover: null,
  prompt_tokens: null,
  completion_tokens: null,
  cost_usd: null,
  max_drawdown_pct: null,
  max_drawdown_start: null,
  max_drawdown_end: null,
  sharpe: null,
  calmar: null,
  alpha_pct: 0,
  beta: 1,
  superseded_dates: [],
});

describe('modelReturnSeries', () => {
  it("measures every day from the model's starting value, so the end is the period return", () => {
    const series = modelReturnSeries(range([10_100, 9_900, 11_000]));
    expect(series.points.map((p) => p.time)).toEqual(['2025-10-01', '2025-10-02', '2025-10-03']);
    expect(series.points.map((p) => p.value)).toEqual([
      expect.closeTo(1, 10),
      expect.closeTo(-1, 10),
      expect.closeTo(10, 10),
    ]);
    expect(series.benchmark).toBe(false);
  });
});

describe('benchmarkReturnSeries', () => {
  const closes = {
    symbol: 'QQQ',
    start_date: '2025-10-01',
    end_date: '2025-10-03',
    source: 'alphavantage' as const,
    label: 'QQQ',
    market: 'us' as const,
    currency: { code: 'USD', symbol: '$', decimals: 2 },
    values: [
      { date: '2025-10-01', close: 100 },
      { date: '2025-10-02', close: 95 },
      { date: '2025-10-03', close: 110 },
    ],
  };

  it("ends on the leaderboard's QQQ return and moves with the close", () => {
    const series = benchmarkReturnSeries(closes, qqqRow(12));
    expect(lastValue(series)).toBeCloseTo(12, 10);
    // 1.12 * 95/110 - 1
    expect(series.points[1]?.value).toBeCloseTo((1.12 * (95 / 110) - 1) * 100, 10);
    expect(series.benchmark).toBe(true);
  });

  it('starts from the first close without a leaderboard row', () => {
    const series = benchmarkReturnSeries(closes, null);
    expect(series.points.map((p) => p.value)).toEqual([0, expect.closeTo(-5, 10), expect.closeTo(10, 10)]);
  });

  it('draws a straight start-to-end line from the leaderboard row alone', () => {
    expect(benchmarkEndpointsSeries(qqqRow(6.17), '2025-10-01', '2025-10-28').points).toEqual([
      { time: '2025-10-01', value: 0 },
      { time: '2025-10-28', value: 6.17 },
    ]);
    expect(benchmarkEndpointsSeries(qqqRow(1), '2025-10-01', '2025-10-01').points).toEqual([
      { time: '2025-10-01', value: 1 },
    ]);
  });
});

describe('drawdownSeries', () => {
  it('is the fall from the running peak, the start counting as the first peak', () => {
    const returns = modelReturnSeries(range([9_000, 12_000, 9_000, 12_600]));
    const drawdown = drawdownSeries(returns);
    expect(drawdown.points.map((p) => p.value)).toEqual([
      expect.closeTo(-10, 10),
      0,
      expect.closeTo(-25, 10),
      0,
    ]);
    expect(maxDrawdown(drawdown)).toBeCloseTo(-25, 10);
  });

  it('is 0 for a line that only rises', () => {
    expect(maxDrawdown(drawdownSeries(modelReturnSeries(range([10_100, 10_200]))))).toBe(0);
  });
});
