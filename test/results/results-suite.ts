import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { riskMetrics } from '../../src/core/metrics.js';
import { NO_DATA_MESSAGE, NoResultsError } from '../../src/results/results-errors.js';
import { ResultsService } from '../../src/results/results-service.js';
import type { DayResult, ModelRangeResult, ResultsQuery } from '../../src/results/results-types.js';
import { KyselyResultsStore } from '../../src/store/kysely-results-store.js';
import type { Database } from '../../src/store/schema.js';
import { useFreshDatabase, type StoreBackend } from '../store/store-backend.js';
import { commitDay, insertBar, insertJob, seedTwoModels, supersede } from './results-fixtures.js';

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

    type Query = Partial<ResultsQuery>;
    const withDefaults = (query: Query): ResultsQuery => ({ reasoning: 'none', ...query });

    async function days(service: ResultsService, query: Query): Promise<DayResult[]> {
      const results = await service.getResults(withDefaults(query), NOW, 30);
      if (results.mode !== 'single-date') throw new Error(`expected single-date mode, got ${results.mode}`);
      return results.days;
    }

    async function ranges(service: ResultsService, query: Query): Promise<ModelRangeResult[]> {
      const results = await service.getResults(withDefaults(query), NOW, 30);
      if (results.mode !== 'range') throw new Error(`expected range mode, got ${results.mode}`);
      return results.models;
    }

    /** getResults with the reasoning level defaulted, for queries that must be refused. */
    const query = (service: ResultsService, q: Query, now = NOW, lookbackDays = 30) =>
      service.getResults(withDefaults(q), now, lookbackDays);

    it('lists every model-day of a single date, starting from the previous live day', async () => {
      const { service } = await seeded();
      const results = await days(service, { startDate: '2025-10-02' });
      expect(results).toEqual([
        {
          date: '2025-10-02',
          model: 'alpha',
          jobId: 'job-2',
          // AAPL from the live 10-01 row, not the replaced row's NVDA.
          startingPosition: { holdings: [{ symbol: 'AAPL', quantity: 10 }], cash: 7500, value: 10100 },
          // 200 / 10100 = 1.980198…%
          metrics: { profit: 200, returnPct: expect.closeTo(1.980198, 6), daysSinceLastTrading: 0 },
          trades: [
            { side: 'buy', symbol: 'MSFT', quantity: 5, price: 500, executedAt: '2025-10-02T14:01:00.000Z' },
          ],
          finalPosition: {
            holdings: [
              { symbol: 'AAPL', quantity: 10 },
              { symbol: 'MSFT', quantity: 5 },
            ],
            cash: 5000,
            value: 10300,
          },
          session: { totalActions: 1, durationSeconds: 12.5, completedAt: '2025-10-02T14:30:00.000Z' },
          usage: { promptTokens: 0, completionTokens: 0, costUsd: 0 },
          reasoning: { level: 'none' },
          refusedCalls: [],
          superseded: false,
          supersededByJob: null,
        },
        {
          date: '2025-10-02',
          model: 'beta',
          jobId: 'job-1',
          startingPosition: { holdings: [], cash: 10000, value: 10000 },
          metrics: { profit: -10, returnPct: expect.closeTo(-0.1, 9), daysSinceLastTrading: 0 },
          trades: [
            { side: 'buy', symbol: 'NVDA', quantity: 1, price: 200, executedAt: '2025-10-02T14:01:00.000Z' },
          ],
          finalPosition: { holdings: [{ symbol: 'NVDA', quantity: 1 }], cash: 9800, value: 9990 },
          session: { totalActions: 1, durationSeconds: 12.5, completedAt: '2025-10-02T14:30:00.000Z' },
          // Its one call had no known price, so the day's cost is unknown.
          usage: { promptTokens: 10, completionTokens: 5, costUsd: null },
          reasoning: { level: 'none' },
          refusedCalls: [],
          superseded: false,
          supersededByJob: null,
        },
      ]);
    });

    it('starts a model with no earlier live day from no holdings, ignoring replaced days', async () => {
      const { service } = await seeded();
      const results = await days(service, { endDate: '2025-10-01' });
      expect(results.map((r) => [r.model, r.startingPosition.holdings, r.finalPosition.value])).toEqual([
        ['alpha', [], 10100],
        ['beta', [], 10000],
      ]);
      expect(results[0]?.usage).toEqual({
        promptTokens: 150,
        completionTokens: 30,
        costUsd: expect.closeTo(0.003, 12),
      });
    });

    it('never shows superseded days without a job_id, whatever the other filters', async () => {
      const { service } = await seeded();
      await expect(query(service, { startDate: '2025-09-30' })).rejects.toThrow(NoResultsError);
      const alpha = await ranges(service, { startDate: '2025-09-01', endDate: '2025-10-15', model: 'alpha' });
      expect(alpha[0]?.dailyValues).toEqual([
        { date: '2025-10-01', value: 10100 },
        { date: '2025-10-02', value: 10300 },
      ]);
      const oneDay = await days(service, { startDate: '2025-10-01', endDate: '2025-10-01', model: 'alpha' });
      expect(oneDay.map((r) => r.jobId)).toEqual(['job-1']);
      expect(oneDay[0]?.finalPosition.holdings).toEqual([{ symbol: 'AAPL', quantity: 10 }]);
    });

    it('lists a job`s own days even when a later run replaced them, marked, from where they started', async () => {
      const { service } = await seeded();
      const [replaced] = await days(service, { startDate: '2025-10-01', jobId: 'job-0' });
      expect(replaced).toMatchObject({
        model: 'alpha',
        jobId: 'job-0',
        superseded: true,
        supersededByJob: 'job-1',
        // Its own job's 09-30 TSLA, replaced as well, not the standing history's empty start.
        startingPosition: { holdings: [{ symbol: 'TSLA', quantity: 7 }], cash: 3000, value: 6000 },
        finalPosition: {
          holdings: [
            { symbol: 'NVDA', quantity: 29 },
            { symbol: 'TSLA', quantity: 7 },
          ],
          cash: 100,
          value: 5000,
        },
      });

      const [alpha] = await ranges(service, {
        startDate: '2025-09-01',
        endDate: '2025-10-15',
        jobId: 'job-0',
      });
      expect(alpha).toMatchObject({
        model: 'alpha',
        dailyValues: [
          { date: '2025-09-30', value: 6000 },
          { date: '2025-10-01', value: 5000 },
        ],
        periodMetrics: { startingValue: 10000, endingValue: 5000, periodReturnPct: -50 },
        supersededDates: ['2025-09-30', '2025-10-01'],
      });

      // The job that replaced them shows its own, live, days.
      const job1 = await days(service, { startDate: '2025-10-01', jobId: 'job-1' });
      expect(job1.map((d) => [d.model, d.superseded, d.supersededByJob])).toEqual([
        ['alpha', false, null],
        ['beta', false, null],
      ]);
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
      const [alpha] = await days(service, { startDate: '2025-10-06' });
      expect(alpha?.startingPosition.holdings).toEqual([
        { symbol: 'AAPL', quantity: 10 },
        { symbol: 'MSFT', quantity: 5 },
      ]);
      await expect(query(service, { startDate: '2025-10-03' })).rejects.toThrow(NoResultsError);
    });

    it('filters by model and by job', async () => {
      const { service } = await seeded();
      const beta = await days(service, { startDate: '2025-10-02', model: 'beta' });
      expect(beta.map((r) => r.model)).toEqual(['beta']);
      const job2 = await days(service, { startDate: '2025-10-02', jobId: 'job-2' });
      expect(job2.map((r) => [r.model, r.jobId])).toEqual([['alpha', 'job-2']]);

      const job1 = await ranges(service, { startDate: '2025-10-01', endDate: '2025-10-02', jobId: 'job-1' });
      expect(job1.map((r) => [r.model, r.startDate, r.endDate])).toEqual([
        ['alpha', '2025-10-01', '2025-10-01'],
        ['beta', '2025-10-01', '2025-10-02'],
      ]);
      const nobody = query(service, { model: 'nobody' });
      await expect(nobody).rejects.toThrow(NoResultsError);
      await expect(nobody).rejects.toThrow(NO_DATA_MESSAGE);
    });

    it('summarises each model over a range, trimmed to the dates with data', async () => {
      const { service } = await seeded();
      const [alpha, beta] = await ranges(service, { startDate: '2025-09-01', endDate: '2025-10-15' });
      const alphaValues = [
        { date: '2025-10-01', value: 10100 },
        { date: '2025-10-02', value: 10300 },
      ];
      expect(alpha).toEqual({
        model: 'alpha',
        startDate: '2025-10-01',
        endDate: '2025-10-02',
        dailyValues: alphaValues,
        // Base: 10100 - 100 = 10000. 10000 -> 10300 is 3%; over 2 calendar days (1.03^182.5 - 1) * 100.
        periodMetrics: {
          startingValue: 10000,
          endingValue: 10300,
          periodReturnPct: expect.closeTo(3, 9),
          annualizedReturnPct: expect.closeTo(21918.79, 2),
          calendarDays: 2,
          tradingDays: 2,
        },
        riskMetrics: riskMetrics(alphaValues, 10000),
        // No QQQ prices in this seed: nothing to measure alpha and beta against.
        benchmarkRelative: { alphaPct: null, beta: null, pairedDays: 0 },
        // 2500 + 2500 traded over a mean value of 10200.
        turnover: expect.closeTo(5000 / 10200, 12),
        totals: {
          trades: 2,
          tradedNotional: 5000,
          promptTokens: 150,
          completionTokens: 30,
          costUsd: expect.closeTo(0.003, 12),
        },
        reasoning: { level: 'none' },
        supersededDates: [],
      });
      // Daily returns +1% and +1.9802%: no drawdown, every day a win.
      expect(alpha?.riskMetrics).toMatchObject({
        maxDrawdownPct: 0,
        winRatePct: 100,
        bestDayPct: expect.closeTo(1.9802, 4),
        worstDayPct: expect.closeTo(1, 9),
        // Returns 1% and 200/10100: mean 0.0149010, sd 0.0069311; 0.0149010 / 0.0069311 * sqrt(252)
        sharpe: expect.closeTo(34.1285, 4),
      });
      expect(beta?.periodMetrics).toMatchObject({
        startingValue: 10000,
        periodReturnPct: expect.closeTo(-0.1, 9),
      });
      expect(beta?.riskMetrics).toMatchObject({
        maxDrawdownPct: expect.closeTo(0.1, 9),
        maxDrawdownStart: '2025-10-01',
        maxDrawdownEnd: '2025-10-02',
      });
      // One of beta's calls had no price, so its total cost is unknown rather than understated.
      expect(beta?.totals).toEqual({
        trades: 1,
        tradedNotional: 200,
        promptTokens: 10,
        completionTokens: 5,
        costUsd: null,
      });
    });

    it('measures each model of a range against QQQ, as the leaderboard does', async () => {
      const { db, service } = await seeded();
      // QQQ 600 -> 606 -> 612: returns 1% and 1/101 (the leaderboard suite works the figures out).
      await insertBar(db, 'QQQ', '2025-09-30', 598, 600);
      await insertBar(db, 'QQQ', '2025-10-01', 602, 606);
      await insertBar(db, 'QQQ', '2025-10-02', 607, 612);
      const [alpha, beta] = await ranges(service, { startDate: '2025-10-01', endDate: '2025-10-02' });
      expect(alpha?.benchmarkRelative).toEqual({
        beta: expect.closeTo(-99, 9),
        alphaPct: expect.closeTo(25200, 7),
        pairedDays: 2,
      });
      expect(beta?.benchmarkRelative).toEqual({
        beta: expect.closeTo(10.1, 9),
        alphaPct: expect.closeTo(-2545.2, 7),
        pairedDays: 2,
      });
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
      const results = await query(
        service,
        { startDate: '2025-10-01', endDate: '2025-10-31' },
        new Date('2025-11-01T00:00:00Z'),
      );
      const gamma = results.mode === 'range' ? results.models[0] : undefined;
      // (1.05^(365/31) - 1) * 100 = 77.61797…
      expect(gamma?.periodMetrics).toEqual({
        startingValue: 10000,
        endingValue: 10500,
        periodReturnPct: expect.closeTo(5, 9),
        annualizedReturnPct: expect.closeTo(77.618, 3),
        calendarDays: 31,
        tradingDays: 2,
      });
    });

    it('returns the summary or the full conversation when asked', async () => {
      const { service } = await seeded();
      const summaries = await days(service, { startDate: '2025-10-01', reasoning: 'summary' });
      expect(summaries.map((r) => r.reasoning)).toEqual([
        { level: 'summary', summary: 'Bought AAPL.' },
        { level: 'summary', summary: 'Held cash.' },
      ]);

      const [alpha] = await days(service, { startDate: '2025-10-01', model: 'alpha', reasoning: 'full' });
      expect(alpha?.reasoning).toEqual({
        level: 'full',
        messages: [
          { role: 'system', content: 'You trade NASDAQ-100 stocks.', createdAt: '2025-10-01T14:00:00.000Z' },
          {
            role: 'assistant',
            content: null,
            toolCalls: [{ id: 'call-1', name: 'buy', arguments: '{"symbol":"AAPL","amount":10}' }],
            createdAt: '2025-10-01T14:01:00.000Z',
          },
          {
            role: 'tool',
            content: 'Bought 10 AAPL',
            toolCallId: 'call-1',
            toolName: 'buy',
            createdAt: '2025-10-01T14:02:00.000Z',
          },
          { role: 'assistant', content: 'Done. <FINISH_SIGNAL>', createdAt: '2025-10-01T14:03:00.000Z' },
        ],
      });
      const none = await days(service, { startDate: '2025-10-01', reasoning: 'none' });
      expect(none.map((r) => r.reasoning)).toEqual([{ level: 'none' }, { level: 'none' }]);
    });

    it('lists per-day reasoning in range mode', async () => {
      const { service } = await seeded();
      const range = { startDate: '2025-10-01', endDate: '2025-10-02', model: 'alpha' };
      const [summary] = await ranges(service, { ...range, reasoning: 'summary' });
      expect(summary?.reasoning).toEqual({
        level: 'summary',
        days: [
          { date: '2025-10-01', summary: 'Bought AAPL.' },
          { date: '2025-10-02', summary: 'Bought MSFT.' },
        ],
      });
      const [full] = await ranges(service, { ...range, reasoning: 'full' });
      const perDay = full?.reasoning.level === 'full' ? full.reasoning.days : [];
      expect(perDay.map((d) => [d.date, d.messages.length])).toEqual([
        ['2025-10-01', 4],
        ['2025-10-02', 0],
      ]);
    });

    it('defaults to the last lookbackDays days up to today, in range mode', async () => {
      const { service } = await seeded();
      // 2025-10-20 minus 30 days is 2025-09-20: both models' days fall inside.
      const window = await ranges(service, {});
      expect(window.map((r) => [r.model, r.startDate, r.endDate])).toEqual([
        ['alpha', '2025-10-01', '2025-10-02'],
        ['beta', '2025-10-01', '2025-10-02'],
      ]);
      // 2025-10-15..2025-10-20 holds nothing.
      await expect(query(service, {}, NOW, 5)).rejects.toThrow(NoResultsError);
      // A zero lookback is today alone, which is single-date mode.
      const today = await query(service, {}, new Date('2025-10-02T08:00:00Z'), 0);
      expect(today.mode === 'single-date' ? today.days.map((r) => [r.date, r.model]) : []).toEqual([
        ['2025-10-02', 'alpha'],
        ['2025-10-02', 'beta'],
      ]);
    });
  });
}
