/**
 * The results presenter: the domain's exact figures on the wire, with the original's field names and
 * rounding. Over the shared two-model seed, so the numbers are the ones the results suites derive by
 * hand; each answer is also checked against the contract's zod schema.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  leaderboardResponseSchema,
  resultsResponseSchema,
  tradesResponseSchema,
} from '../../src/http/contract/results.js';
import { leaderboardAnswer, resultsAnswer, tradesAnswer } from '../../src/http/results-answers.js';

/** What an answer of the us market adds after the original's fields. */
const US_FIELDS = { market: 'us', currency: { code: 'USD', symbol: '$', decimals: 2 } } as const;
import { ResultsService } from '../../src/results/results-service.js';
import type { ResultsQuery } from '../../src/results/results-types.js';
import { KyselyResultsStore } from '../../src/store/kysely-results-store.js';
import { insertBar, seedTwoModels } from '../results/results-fixtures.js';
import { openTempSqlite } from '../helpers/temp-db.js';

const NOW = new Date('2025-10-20T12:00:00Z');

describe('the results presenter', () => {
  let db: Awaited<ReturnType<typeof openTempSqlite>>;
  let service: ResultsService;
  beforeEach(async () => {
    db = await openTempSqlite();
    await seedTwoModels(db.db);
    await insertBar(db.db, 'QQQ', '2025-09-30', 598, 600);
    await insertBar(db.db, 'QQQ', '2025-10-01', 602, 606);
    await insertBar(db.db, 'QQQ', '2025-10-02', 607, 612);
    service = new ResultsService(new KyselyResultsStore(db.db));
  });
  afterEach(() => db.dispose());

  async function answer(query: Partial<ResultsQuery>) {
    const wire = resultsAnswer(await service.getResults({ reasoning: 'none', ...query }, NOW, 30));
    // What the route returns passes its response schema unchanged (nothing dropped, nothing added).
    expect(resultsResponseSchema.parse(wire)).toEqual(wire);
    return wire;
  }

  it('writes a model-day with its return to 4 decimals and its cost in micro-dollars', async () => {
    const wire = await answer({ startDate: '2025-10-02', model: 'alpha', reasoning: 'summary' });
    expect(wire).toEqual({
      count: 1,
      results: [
        {
          date: '2025-10-02',
          model: 'alpha',
          job_id: 'job-2',
          starting_position: {
            holdings: [{ symbol: 'AAPL', quantity: 10 }],
            cash: 7500,
            portfolio_value: 10100,
          },
          daily_metrics: { profit: 200, return_pct: 1.9802, days_since_last_trading: 0 },
          trades: [
            {
              action_type: 'buy',
              symbol: 'MSFT',
              quantity: 5,
              price: 500,
              created_at: '2025-10-02T14:01:00.000Z',
            },
          ],
          final_position: {
            holdings: [
              { symbol: 'AAPL', quantity: 10 },
              { symbol: 'MSFT', quantity: 5 },
            ],
            cash: 5000,
            portfolio_value: 10300,
          },
          metadata: {
            total_actions: 1,
            session_duration_seconds: 12.5,
            completed_at: '2025-10-02T14:30:00.000Z',
            prompt_tokens: 0,
            completion_tokens: 0,
            cost_usd: 0,
          },
          reasoning: 'Bought MSFT.',
          tool_calls_refused: [],
          superseded: false,
          superseded_by_job: null,
        },
      ],
      ...US_FIELDS,
    });
    // 0.001 + 0.002 is 0.0030000000000000005 in doubles; the wire says 0.003.
    const october1 = await answer({ startDate: '2025-10-01', model: 'alpha' });
    expect(october1.results[0]).toMatchObject({ metadata: { cost_usd: 0.003 }, reasoning: null });
  });

  it('writes the conversation with the original field names, tool fields only where present', async () => {
    const wire = await answer({ startDate: '2025-10-01', model: 'alpha', reasoning: 'full' });
    expect(wire.results[0]).toMatchObject({
      reasoning: [
        { role: 'system', content: 'You trade NASDAQ-100 stocks.', created_at: '2025-10-01T14:00:00.000Z' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call-1', name: 'buy', arguments: '{"symbol":"AAPL","amount":10}' }],
          created_at: '2025-10-01T14:01:00.000Z',
        },
        {
          role: 'tool',
          content: 'Bought 10 AAPL',
          tool_call_id: 'call-1',
          tool_name: 'buy',
          created_at: '2025-10-01T14:02:00.000Z',
        },
        { role: 'assistant', content: 'Done. <FINISH_SIGNAL>', created_at: '2025-10-01T14:03:00.000Z' },
      ],
    });
  });

  it('writes a range with returns to 2 decimals, ratios and daily figures to 4', async () => {
    const wire = await answer({ startDate: '2025-09-01', endDate: '2025-10-15' });
    expect(wire.results[0]).toEqual({
      model: 'alpha',
      start_date: '2025-10-01',
      end_date: '2025-10-02',
      daily_portfolio_values: [
        { date: '2025-10-01', portfolio_value: 10100 },
        { date: '2025-10-02', portfolio_value: 10300 },
      ],
      period_metrics: {
        starting_portfolio_value: 10000,
        ending_portfolio_value: 10300,
        period_return_pct: 3,
        annualized_return_pct: 21918.79,
        calendar_days: 2,
        trading_days: 2,
      },
      risk_metrics: {
        // Returns 1% and 1.980198%: sd 0.0069311 * sqrt(252) * 100
        volatility_pct: 11,
        sharpe: 34.1285,
        sortino: null,
        max_drawdown_pct: 0,
        max_drawdown_start: null,
        max_drawdown_end: null,
        calmar: null,
        win_rate_pct: 100,
        best_day_pct: 1.9802,
        worst_day_pct: 1,
      },
      // Against QQQ's 1% and 1/101 (test/results/leaderboard-suite.ts works these out by hand).
      benchmark_relative: { benchmark: 'QQQ', alpha_pct: 25200, beta: -99, paired_days: 2 },
      // 5000 traded / mean value 10200 = 0.490196…
      totals: {
        trades: 2,
        traded_notional: 5000,
        turnover: 0.4902,
        prompt_tokens: 150,
        completion_tokens: 30,
        cost_usd: 0.003,
      },
      superseded_dates: [],
    });
    expect(wire.results[1]).toMatchObject({
      model: 'beta',
      // (0.999^182.5 - 1) * 100 / 0.1 = -166.8914…; alpha -2545.2% a year, beta 10.1.
      risk_metrics: { max_drawdown_pct: 0.1, sharpe: -11.225, calmar: -166.8914 },
      benchmark_relative: { alpha_pct: -2545.2, beta: 10.1 },
      // 200 / 9995 = 0.020010…
      totals: { cost_usd: null, traded_notional: 200, turnover: 0.02 },
    });
  });

  it('writes the trades with the export`s field names, money exact', async () => {
    const wire = tradesAnswer(await service.trades({ startDate: '2025-10-02' }, NOW, 30));
    expect(tradesResponseSchema.parse(wire)).toEqual(wire);
    expect(wire).toEqual({
      count: 2,
      trades: [
        {
          date: '2025-10-02',
          model: 'alpha',
          job_id: 'job-2',
          action: 'buy',
          symbol: 'MSFT',
          quantity: 5,
          price: 500,
          commission: 0,
          notional: 2500,
          created_at: '2025-10-02T14:01:00.000Z',
          superseded: false,
        },
        expect.objectContaining({ model: 'beta', symbol: 'NVDA', notional: 200 }),
      ],
      ...US_FIELDS,
    });
  });

  it('marks a day a later run replaced, naming that run`s job', async () => {
    const wire = await answer({ startDate: '2025-10-01', jobId: 'job-0' });
    expect(wire.results[0]).toMatchObject({ job_id: 'job-0', superseded: true, superseded_by_job: 'job-1' });
    const range = await answer({ startDate: '2025-09-30', endDate: '2025-10-01', jobId: 'job-0' });
    expect(range.results[0]).toMatchObject({ superseded_dates: ['2025-09-30', '2025-10-01'] });
  });

  it('lists per-day reasoning of a range only when asked for', async () => {
    const range = { startDate: '2025-10-01', endDate: '2025-10-02', model: 'alpha' };
    expect((await answer(range)).results[0]).not.toHaveProperty('reasoning');
    expect((await answer({ ...range, reasoning: 'summary' })).results[0]).toMatchObject({
      reasoning: [
        { date: '2025-10-01', summary: 'Bought AAPL.' },
        { date: '2025-10-02', summary: 'Bought MSFT.' },
      ],
    });
  });

  it('writes the leaderboard with the benchmark as an entry that neither trades nor pays', async () => {
    const wire = leaderboardAnswer(await service.leaderboard({}, NOW));
    expect(leaderboardResponseSchema.parse(wire)).toEqual(wire);
    expect(wire).toEqual({
      start_date: '2025-10-01',
      end_date: '2025-10-02',
      entries: [
        {
          model: 'alpha',
          starting_value: 10000,
          ending_value: 10300,
          period_return_pct: 3,
          trades: 2,
          turnover: 0.4902,
          prompt_tokens: 150,
          completion_tokens: 30,
          cost_usd: 0.003,
          max_drawdown_pct: 0,
          max_drawdown_start: null,
          max_drawdown_end: null,
          sharpe: 34.1285,
          calmar: null,
          alpha_pct: 25200,
          beta: -99,
          superseded_dates: [],
        },
        {
          model: 'beta',
          starting_value: 10000,
          ending_value: 9990,
          period_return_pct: -0.1,
          trades: 1,
          // 200 / 9995 = 0.020010…
          turnover: 0.02,
          prompt_tokens: 10,
          completion_tokens: 5,
          cost_usd: null,
          max_drawdown_pct: 0.1,
          max_drawdown_start: '2025-10-01',
          max_drawdown_end: '2025-10-02',
          sharpe: -11.225,
          calmar: -166.8914,
          alpha_pct: -2545.2,
          beta: 10.1,
          superseded_dates: [],
        },
      ],
      benchmark: {
        model: 'QQQ (benchmark)',
        starting_value: 10000,
        ending_value: 10200,
        period_return_pct: 2,
        trades: null,
        turnover: null,
        prompt_tokens: null,
        completion_tokens: null,
        cost_usd: null,
        max_drawdown_pct: 0,
        max_drawdown_start: null,
        max_drawdown_end: null,
        sharpe: 2256.2194,
        calmar: null,
        alpha_pct: 0,
        beta: 1,
        superseded_dates: [],
      },
      ...US_FIELDS,
    });
  });
});
