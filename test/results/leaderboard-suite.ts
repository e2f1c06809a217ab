import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { US_MARKET } from '../../src/core/markets/index.js';
import { InvalidResultsQueryError } from '../../src/results/results-errors.js';
import { ResultsService } from '../../src/results/results-service.js';
import { KyselyResultsStore } from '../../src/store/kysely-results-store.js';
import type { Database } from '../../src/store/schema.js';
import { useFreshDatabase, type StoreBackend } from '../store/store-backend.js';
import { commitDay, insertBar, insertJob, seedTwoModels } from './results-fixtures.js';

const NOW = new Date('2025-10-20T12:00:00Z');

/** ResultsService.leaderboard over KyselyResultsStore, for any backend. */
export function defineLeaderboardSuite(backend: StoreBackend): void {
  describe('ResultsService.leaderboard', () => {
    const fresh = useFreshDatabase(backend);

    /** The two-model seed plus QQQ: 09-30 close 600; 10-01 open 602 close 606; 10-02 open 607 close 612. */
    async function seeded(withEarlierBar = true): Promise<{ db: Kysely<Database>; service: ResultsService }> {
      const db = await fresh.open();
      await seedTwoModels(db);
      if (withEarlierBar) await insertBar(db, 'QQQ', '2025-09-30', 598, 600);
      await insertBar(db, 'QQQ', '2025-10-01', 602, 606);
      await insertBar(db, 'QQQ', '2025-10-02', 607, 612);
      await insertBar(db, 'AAPL', '2025-10-02', 1, 2);
      return { db, service: new ResultsService(new KyselyResultsStore(db)) };
    }

    it('ranks the models by period return next to QQQ bought and held', async () => {
      const { service } = await seeded();
      expect(await service.leaderboard({}, NOW)).toEqual({
        market: US_MARKET,
        startDate: '2025-10-01',
        endDate: '2025-10-02',
        entries: [
          {
            model: 'alpha',
            startingValue: 10000,
            endingValue: 10300,
            periodReturnPct: expect.closeTo(3, 9),
            trades: 2,
            // 10 AAPL @ 250 + 5 MSFT @ 500 = 5000 traded; mean value (10100 + 10300) / 2 = 10200.
            turnover: expect.closeTo(5000 / 10200, 12),
            promptTokens: 150,
            completionTokens: 30,
            costUsd: expect.closeTo(0.003, 12),
            maxDrawdownPct: 0,
            maxDrawdownStart: null,
            maxDrawdownEnd: null,
            // Returns 1% and 200/10100: mean 0.0149010, sd 0.0069311; 0.0149010 / 0.0069311 * sqrt(252)
            sharpe: expect.closeTo(34.1285, 4),
            // Nothing fell: no drawdown to divide by.
            calmar: null,
            // Paired with QQQ's 1% and 6/606 = 1/101. With two days beta is the ratio of the changes:
            // (2/101 - 1/100) / (1/101 - 1/100) = (99/10100) / (-1/10100) = -99.
            // alpha = mean(r) - beta * mean(r_qqq) = 301/20200 + 99 * 201/20200 = 20200/20200 = 1 a
            // day, * 252 * 100 = 25200% a year (two days say little, and the figures show it).
            beta: expect.closeTo(-99, 9),
            alphaPct: expect.closeTo(25200, 7),
            supersededDates: [],
          },
          {
            model: 'beta',
            startingValue: 10000,
            endingValue: 9990,
            periodReturnPct: expect.closeTo(-0.1, 9),
            trades: 1,
            // 1 NVDA @ 200 over a mean of (10000 + 9990) / 2 = 9995.
            turnover: expect.closeTo(200 / 9995, 12),
            promptTokens: 10,
            completionTokens: 5,
            costUsd: null,
            maxDrawdownPct: expect.closeTo(0.1, 9),
            maxDrawdownStart: '2025-10-01',
            maxDrawdownEnd: '2025-10-02',
            // Returns 0 and -0.1%: mean -0.0005, sd 0.0007071; -0.7071 * sqrt(252)
            sharpe: expect.closeTo(-11.225, 3),
            // (0.999^(365/2) - 1) * 100 = -16.68914% a year, over the 0.1% drawdown.
            calmar: expect.closeTo(-166.8914, 4),
            // (-1/1000) / (1/101 - 1/100) = (-1/1000) / (-1/10100) = 10.1;
            // alpha = -0.0005 - 10.1 * 201/20200 = -0.0005 - 0.1005 = -0.101 a day = -2545.2% a year.
            beta: expect.closeTo(10.1, 9),
            alphaPct: expect.closeTo(-2545.2, 7),
            supersededDates: [],
          },
        ],
        // 10000 at the 09-30 close of 600: worth 10000 * 606/600 = 10100, then 10000 * 612/600 = 10200.
        benchmark: {
          label: 'QQQ (benchmark)',
          startingValue: 10000,
          endingValue: 10200,
          periodReturnPct: expect.closeTo(2, 9),
          maxDrawdownPct: 0,
          maxDrawdownStart: null,
          maxDrawdownEnd: null,
          // Returns 1% and 100/10100: mean 0.00995050, sd 0.0000700; ratio * sqrt(252)
          sharpe: expect.closeTo(2256.2194, 2),
          calmar: null,
          // QQQ against itself.
          beta: 1,
          alphaPct: 0,
        },
      });
    });

    it('dates the benchmark`s drawdown and leaves alpha and beta null over a single day', async () => {
      const { db, service } = await seeded();
      // QQQ falls on 10-03 (612 -> 600); gamma trades that day alone.
      await insertBar(db, 'QQQ', '2025-10-03', 611, 600);
      await insertJob(db, 'job-3');
      await commitDay(db, {
        jobId: 'job-3',
        model: 'gamma',
        date: '2025-10-03',
        startCash: 10000,
        startingValue: 10000,
        endCash: 10000,
        endingValue: 10000,
        profit: 0,
      });
      const board = await service.leaderboard({}, NOW);
      // 10200 -> 10000 is a 1.9608% fall from the 10-02 peak.
      expect(board.benchmark).toMatchObject({
        maxDrawdownPct: expect.closeTo((200 / 10200) * 100, 9),
        maxDrawdownStart: '2025-10-02',
        maxDrawdownEnd: '2025-10-03',
      });
      // gamma has one day, so one paired return: no beta, no alpha; flat, so no Calmar either.
      const gamma = board.entries.find((e) => e.model === 'gamma');
      expect(gamma).toMatchObject({ beta: null, alphaPct: null, calmar: null, turnover: 0, trades: 0 });
    });

    it('buys the benchmark at the first open when there is no earlier close', async () => {
      const { service } = await seeded(false);
      const { benchmark } = await service.leaderboard({}, NOW);
      // 10000 * 612/602 = 10166.11296 -> 10166.113 to the tick; +1.66113%
      expect(benchmark).toMatchObject({
        startingValue: 10000,
        endingValue: 10166.113,
        periodReturnPct: expect.closeTo(1.66113, 5),
      });
    });

    it('narrows to a job or to dates, measuring the benchmark over the same days', async () => {
      const { service } = await seeded();
      const job2 = await service.leaderboard({ jobId: 'job-2' }, NOW);
      expect([job2.startDate, job2.endDate]).toEqual(['2025-10-02', '2025-10-02']);
      // 10100 -> 10300 is +1.980198%.
      expect(job2.entries).toMatchObject([
        {
          model: 'alpha',
          startingValue: 10100,
          endingValue: 10300,
          periodReturnPct: expect.closeTo(1.980198, 6),
        },
      ]);
      // 10100 bought at the 10-01 close of 606 and valued at 612: exactly 10200, +0.990099%.
      expect(job2.benchmark).toMatchObject({
        startingValue: 10100,
        endingValue: 10200,
        periodReturnPct: expect.closeTo(0.990099, 6),
      });

      const october2 = await service.leaderboard({ startDate: '2025-10-02', endDate: '2025-10-02' }, NOW);
      expect(october2.entries.map((e) => e.model)).toEqual(['alpha', 'beta']);
      // Staked at the models' average start: (10100 + 10000) / 2 = 10050.
      expect(october2.benchmark?.startingValue).toBe(10050);
    });

    it('narrows to one model, with the benchmark over that model`s dates and from its stake', async () => {
      const { service } = await seeded();
      const beta = await service.leaderboard({ model: 'beta' }, NOW);
      expect([beta.startDate, beta.endDate]).toEqual(['2025-10-01', '2025-10-02']);
      expect(beta.entries.map((e) => e.model)).toEqual(['beta']);
      expect(beta.benchmark).toMatchObject({ startingValue: 10000, endingValue: 10200 });

      // alpha within job-2 is its 10-02 alone, from 10100: QQQ from the 10-01 close of 606 to 612.
      const alpha = await service.leaderboard({ model: 'alpha', jobId: 'job-2' }, NOW);
      expect([alpha.startDate, alpha.endDate]).toEqual(['2025-10-02', '2025-10-02']);
      expect(alpha.benchmark).toMatchObject({ startingValue: 10100, endingValue: 10200 });

      expect(await service.leaderboard({ model: 'nobody' }, NOW)).toEqual({
        market: US_MARKET,
        startDate: null,
        endDate: null,
        entries: [],
        benchmark: null,
      });
    });

    it('ranks a job`s own days, even those a later run replaced, marking them', async () => {
      const { service } = await seeded();
      const job0 = await service.leaderboard({ jobId: 'job-0' }, NOW);
      expect([job0.startDate, job0.endDate]).toEqual(['2025-09-30', '2025-10-01']);
      expect(job0.entries).toEqual([
        expect.objectContaining({
          model: 'alpha',
          startingValue: 10000,
          endingValue: 5000,
          supersededDates: ['2025-09-30', '2025-10-01'],
        }),
      ]);
      // Without a job, the standing history only: job-0's days are not in it.
      const all = await service.leaderboard({}, NOW);
      expect(all.startDate).toBe('2025-10-01');
      expect(all.entries.every((e) => e.supersededDates.length === 0)).toBe(true);
    });

    it('has no benchmark without QQQ prices, and an empty board without data', async () => {
      const db = await fresh.open();
      const service = new ResultsService(new KyselyResultsStore(db));
      expect(await service.leaderboard({}, NOW)).toEqual({
        market: US_MARKET,
        startDate: null,
        endDate: null,
        entries: [],
        benchmark: null,
      });
      await seedTwoModels(db);
      const board = await service.leaderboard({}, NOW);
      expect(board.entries).toHaveLength(2);
      expect(board.benchmark).toBeNull();
      // Nothing to measure alpha and beta against; the rest stands.
      expect(board.entries.map((e) => [e.alphaPct, e.beta])).toEqual([
        [null, null],
        [null, null],
      ]);
      expect(board.entries[0]?.sharpe).toBeCloseTo(34.1285, 4);
    });

    it('rejects bad dates as getResults does', async () => {
      const { service } = await seeded();
      const bad = service.leaderboard({ endDate: '2025-10-32' }, NOW);
      await expect(bad).rejects.toThrow(InvalidResultsQueryError);
      await expect(bad).rejects.toThrow('Invalid date format: 2025-10-32. Expected YYYY-MM-DD');
    });
  });
}
