import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { riskMetrics } from '../../src/core/metrics.js';
import { NO_DATA_MESSAGE, ResultsQueryError, ResultsService } from '../../src/results/results-service.js';
import type { DayResult, ModelRangeResult, ResultsQuery } from '../../src/results/results-types.js';
import { KyselyResultsStore } from '../../src/store/kysely-results-store.js';
import type { Database } from '../../src/store/schema.js';
import { useFreshDatabase, type StoreBackend } from '../store/store-backend.js';
import { commitDay, insertJob, seedTwoModels, supersede } from './results-fixtures.js';

const NOW = new Date('2025-10-20T23:30:00Z');

/** GET /results semantics over KyselyResultsStore, for any backend. */
export function defineResultsSuite(backend: StoreBackend): void {
  describe('ResultsService.getResults', () => {
    const fresh = useFreshDatabase(backend);

    async function seeded(): Promise<{ db: Kysely<Database>; service: ResultsService }> {
      const db = await fresh.open();
      await seedTwoModels(db);
      return { db, service: new ResultsService(new KyselyResultsStore(db)) };
    }

    async function days(service: ResultsService, query: ResultsQuery): Promise<DayResult[]> {
      const response = await service.getResults(query, NOW, 30);
      expect(response.count).toBe(response.results.length);
      return response.results as DayResult[];
    }

    async function ranges(service: ResultsService, query: ResultsQuery): Promise<ModelRangeResult[]> {
      const response = await service.getResults(query, NOW, 30);
      expect(response.count).toBe(response.results.length);
      return response.results as ModelRangeResult[];
    }

    it('lists every model-day of a single date, starting from the previous live day', async () => {
      const { service } = await seeded();
      const results = await days(service, { start_date: '2025-10-02' });
      expect(results).toEqual([
        {
          date: '2025-10-02',
          model: 'alpha',
          job_id: 'job-2',
          // AAPL from the live 10-01 row, not the replaced row's NVDA.
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
          reasoning: null,
        },
        {
          date: '2025-10-02',
          model: 'beta',
          job_id: 'job-1',
          starting_position: { holdings: [], cash: 10000, portfolio_value: 10000 },
          daily_metrics: { profit: -10, return_pct: -0.1, days_since_last_trading: 0 },
          trades: [
            {
              action_type: 'buy',
              symbol: 'NVDA',
              quantity: 1,
              price: 200,
              created_at: '2025-10-02T14:01:00.000Z',
            },
          ],
          final_position: { holdings: [{ symbol: 'NVDA', quantity: 1 }], cash: 9800, portfolio_value: 9990 },
          metadata: {
            total_actions: 1,
            session_duration_seconds: 12.5,
            completed_at: '2025-10-02T14:30:00.000Z',
            prompt_tokens: 10,
            completion_tokens: 5,
            cost_usd: null, // its one call had no known price
          },
          reasoning: null,
        },
      ]);
    });

    it('starts a model with no earlier live day from no holdings, ignoring replaced days', async () => {
      const { service } = await seeded();
      const results = await days(service, { end_date: '2025-10-01' });
      expect(
        results.map((r) => [r.model, r.starting_position.holdings, r.final_position.portfolio_value]),
      ).toEqual([
        ['alpha', [], 10100],
        ['beta', [], 10000],
      ]);
      expect(results[0]?.metadata).toMatchObject({
        prompt_tokens: 150,
        completion_tokens: 30,
        cost_usd: 0.003,
      });
    });

    it('never shows superseded days, whatever the filter', async () => {
      const { service } = await seeded();
      await expect(service.getResults({ start_date: '2025-09-30' }, NOW, 30)).rejects.toMatchObject({
        status: 404,
        message: NO_DATA_MESSAGE,
      });
      const alpha = await ranges(service, {
        start_date: '2025-09-01',
        end_date: '2025-10-15',
        model: 'alpha',
      });
      expect(alpha[0]?.daily_portfolio_values).toEqual([
        { date: '2025-10-01', portfolio_value: 10100 },
        { date: '2025-10-02', portfolio_value: 10300 },
      ]);
      const oneDay = await days(service, {
        start_date: '2025-10-01',
        end_date: '2025-10-01',
        model: 'alpha',
      });
      expect(oneDay.map((r) => r.job_id)).toEqual(['job-1']);
      expect(oneDay[0]?.final_position.holdings).toEqual([{ symbol: 'AAPL', quantity: 10 }]);
    });

    it('starts from the latest live day even when a replaced day lies in between', async () => {
      const { db, service } = await seeded();
      // alpha: live 10-02 (AAPL, MSFT), replaced 10-03 (TSLA), live 10-06.
      const day = { jobId: 'job-2', model: 'alpha', startCash: 5000, startingValue: 10300 };
      const replaced = await commitDay(db, {
        ...day,
        date: '2025-10-03',
        endCash: 0,
        endHoldings: { TSLA: 20 },
        endingValue: 9000,
        profit: -1300,
      });
      await supersede(db, replaced, 'job-2');
      await commitDay(db, {
        ...day,
        date: '2025-10-06',
        endCash: 5000,
        endHoldings: { AAPL: 10, MSFT: 5 },
        endingValue: 10400,
        profit: 100,
      });
      const [alpha] = await days(service, { start_date: '2025-10-06' });
      expect(alpha?.starting_position.holdings).toEqual([
        { symbol: 'AAPL', quantity: 10 },
        { symbol: 'MSFT', quantity: 5 },
      ]);
      await expect(service.getResults({ start_date: '2025-10-03' }, NOW, 30)).rejects.toMatchObject({
        status: 404,
      });
    });

    it('filters by model and by job', async () => {
      const { service } = await seeded();
      const beta = await days(service, { start_date: '2025-10-02', model: 'beta' });
      expect(beta.map((r) => r.model)).toEqual(['beta']);
      const job2 = await days(service, { start_date: '2025-10-02', job_id: 'job-2' });
      expect(job2.map((r) => [r.model, r.job_id])).toEqual([['alpha', 'job-2']]);

      const job1 = await ranges(service, {
        start_date: '2025-10-01',
        end_date: '2025-10-02',
        job_id: 'job-1',
      });
      expect(job1.map((r) => [r.model, r.start_date, r.end_date])).toEqual([
        ['alpha', '2025-10-01', '2025-10-01'],
        ['beta', '2025-10-01', '2025-10-02'],
      ]);
      await expect(service.getResults({ model: 'nobody' }, NOW, 30)).rejects.toEqual(
        new ResultsQueryError(NO_DATA_MESSAGE, 404),
      );
    });

    it('summarises each model over a range, trimmed to the dates with data', async () => {
      const { service } = await seeded();
      const [alpha, beta] = await ranges(service, { start_date: '2025-09-01', end_date: '2025-10-15' });
      const alphaValues = [
        { date: '2025-10-01', portfolio_value: 10100 },
        { date: '2025-10-02', portfolio_value: 10300 },
      ];
      expect(alpha).toEqual({
        model: 'alpha',
        start_date: '2025-10-01',
        end_date: '2025-10-02',
        daily_portfolio_values: alphaValues,
        // Base: 10100 - 100 = 10000. 10000 -> 10300 is 3%; over 2 calendar days (1.03^182.5 - 1) * 100.
        period_metrics: {
          starting_portfolio_value: 10000,
          ending_portfolio_value: 10300,
          period_return_pct: 3,
          annualized_return_pct: 21918.79,
          calendar_days: 2,
          trading_days: 2,
        },
        risk_metrics: riskMetrics(alphaValues, 10000),
        totals: { trades: 2, prompt_tokens: 150, completion_tokens: 30, cost_usd: 0.003 },
      });
      // Daily returns +1% and +1.9802%: no drawdown, every day a win.
      expect(alpha?.risk_metrics).toMatchObject({
        max_drawdown_pct: 0,
        win_rate_pct: 100,
        best_day_pct: 1.9802,
        worst_day_pct: 1,
        sharpe: 34.1285,
      });
      expect(beta?.period_metrics).toMatchObject({
        starting_portfolio_value: 10000,
        period_return_pct: -0.1,
      });
      expect(beta?.risk_metrics).toMatchObject({
        max_drawdown_pct: 0.1,
        max_drawdown_start: '2025-10-01',
        max_drawdown_end: '2025-10-02',
      });
      // One of beta's calls had no price, so its total cost is unknown rather than understated.
      expect(beta?.totals).toEqual({ trades: 1, prompt_tokens: 10, completion_tokens: 5, cost_usd: null });
      expect(alpha !== undefined && 'reasoning' in alpha).toBe(false);
    });

    it('annualises a month: 10000 -> 10500 from 2025-10-01 to 2025-10-31', async () => {
      const db = await fresh.open();
      await insertJob(db, 'job-1');
      const day = { jobId: 'job-1', model: 'gamma', startCash: 10000, endCash: 10000 };
      await commitDay(db, {
        ...day,
        date: '2025-10-01',
        startingValue: 10000,
        endingValue: 10200,
        profit: 200,
      });
      await commitDay(db, {
        ...day,
        date: '2025-10-31',
        startingValue: 10200,
        endingValue: 10500,
        profit: 300,
      });
      const service = new ResultsService(new KyselyResultsStore(db));
      const response = await service.getResults(
        { start_date: '2025-10-01', end_date: '2025-10-31' },
        new Date('2025-11-01T00:00:00Z'),
        30,
      );
      const [gamma] = response.results as ModelRangeResult[];
      // (1.05^(365/31) - 1) * 100 = 77.6179…
      expect(gamma?.period_metrics).toEqual({
        starting_portfolio_value: 10000,
        ending_portfolio_value: 10500,
        period_return_pct: 5,
        annualized_return_pct: 77.62,
        calendar_days: 31,
        trading_days: 2,
      });
    });

    it('returns the summary or the full conversation when asked', async () => {
      const { service } = await seeded();
      const summaries = await days(service, { start_date: '2025-10-01', reasoning: 'summary' });
      expect(summaries.map((r) => r.reasoning)).toEqual(['Bought AAPL.', 'Held cash.']);

      const [alpha] = await days(service, { start_date: '2025-10-01', model: 'alpha', reasoning: 'full' });
      expect(alpha?.reasoning).toEqual([
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
      ]);
      const none = await days(service, { start_date: '2025-10-01', reasoning: 'none' });
      expect(none.map((r) => r.reasoning)).toEqual([null, null]);
    });

    it('lists per-day reasoning in range mode', async () => {
      const { service } = await seeded();
      const query = { start_date: '2025-10-01', end_date: '2025-10-02', model: 'alpha' };
      const [summary] = await ranges(service, { ...query, reasoning: 'summary' });
      expect(summary?.reasoning).toEqual([
        { date: '2025-10-01', summary: 'Bought AAPL.' },
        { date: '2025-10-02', summary: 'Bought MSFT.' },
      ]);
      const [full] = await ranges(service, { ...query, reasoning: 'full' });
      const perDay = (full?.reasoning ?? []) as { date: string; messages: unknown[] }[];
      expect(perDay.map((d) => [d.date, d.messages.length])).toEqual([
        ['2025-10-01', 4],
        ['2025-10-02', 0],
      ]);
    });

    it('defaults to the last lookbackDays days up to today, in range mode', async () => {
      const { service } = await seeded();
      // 2025-10-20 minus 30 days is 2025-09-20: both models' days fall inside.
      const response = await service.getResults({}, NOW, 30);
      expect(
        (response.results as ModelRangeResult[]).map((r) => [r.model, r.start_date, r.end_date]),
      ).toEqual([
        ['alpha', '2025-10-01', '2025-10-02'],
        ['beta', '2025-10-01', '2025-10-02'],
      ]);
      // 2025-10-15..2025-10-20 holds nothing.
      await expect(service.getResults({}, NOW, 5)).rejects.toMatchObject({ status: 404 });
      // A zero lookback is today alone, which is single-date mode.
      const today = await service.getResults({}, new Date('2025-10-02T08:00:00Z'), 0);
      expect((today.results as DayResult[]).map((r) => [r.date, r.model])).toEqual([
        ['2025-10-02', 'alpha'],
        ['2025-10-02', 'beta'],
      ]);
    });
  });
}
