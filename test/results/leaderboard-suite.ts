import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ResultsService } from '../../src/results/results-service.js';
import { KyselyResultsStore } from '../../src/store/kysely-results-store.js';
import type { Database } from '../../src/store/schema.js';
import { useFreshDatabase, type StoreBackend } from '../store/store-backend.js';
import { insertBar, seedTwoModels } from './results-fixtures.js';

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
        start_date: '2025-10-01',
        end_date: '2025-10-02',
        entries: [
          {
            model: 'alpha',
            starting_value: 10000,
            ending_value: 10300,
            period_return_pct: 3,
            trades: 2,
            cost_usd: 0.003,
            max_drawdown_pct: 0,
            // Returns 1% and 200/10100: mean 0.0149010, sd 0.0069311; 0.0149010 / 0.0069311 * sqrt(252)
            sharpe: 34.1285,
          },
          {
            model: 'beta',
            starting_value: 10000,
            ending_value: 9990,
            period_return_pct: -0.1,
            trades: 1,
            cost_usd: null,
            max_drawdown_pct: 0.1,
            // Returns 0 and -0.1%: mean -0.0005, sd 0.0007071; -0.7071 * sqrt(252)
            sharpe: -11.225,
          },
        ],
        // 10000 at the 09-30 close of 600: worth 10000 * 606/600 = 10100, then 10000 * 612/600 = 10200.
        benchmark: {
          model: 'QQQ (benchmark)',
          starting_value: 10000,
          ending_value: 10200,
          period_return_pct: 2,
          trades: null,
          cost_usd: null,
          max_drawdown_pct: 0,
          // Returns 1% and 100/10100: mean 0.00995050, sd 0.0000700; ratio * sqrt(252)
          sharpe: 2256.2194,
        },
      });
    });

    it('buys the benchmark at the first open when there is no earlier close', async () => {
      const { service } = await seeded(false);
      const { benchmark } = await service.leaderboard({}, NOW);
      // 10000 * 612/602 = 10166.11296 -> 10166.113 to the tick; +1.66%
      expect(benchmark).toMatchObject({
        starting_value: 10000,
        ending_value: 10166.113,
        period_return_pct: 1.66,
      });
    });

    it('narrows to a job or to dates, measuring the benchmark over the same days', async () => {
      const { service } = await seeded();
      const job2 = await service.leaderboard({ job_id: 'job-2' }, NOW);
      expect([job2.start_date, job2.end_date]).toEqual(['2025-10-02', '2025-10-02']);
      expect(
        job2.entries.map((e) => [e.model, e.starting_value, e.ending_value, e.period_return_pct]),
      ).toEqual([['alpha', 10100, 10300, 1.98]]);
      // 10100 bought at the 10-01 close of 606 and valued at 612: exactly 10200, +0.99%.
      expect(job2.benchmark).toMatchObject({
        starting_value: 10100,
        ending_value: 10200,
        period_return_pct: 0.99,
      });

      const october2 = await service.leaderboard({ start_date: '2025-10-02', end_date: '2025-10-02' }, NOW);
      expect(october2.entries.map((e) => [e.model, e.period_return_pct])).toEqual([
        ['alpha', 1.98],
        ['beta', -0.1],
      ]);
      // Staked at the models' average start: (10100 + 10000) / 2 = 10050.
      expect(october2.benchmark?.starting_value).toBe(10050);
    });

    it('has no benchmark without QQQ prices, and an empty board without data', async () => {
      const db = await fresh.open();
      const service = new ResultsService(new KyselyResultsStore(db));
      expect(await service.leaderboard({}, NOW)).toEqual({
        start_date: null,
        end_date: null,
        entries: [],
        benchmark: null,
      });
      await seedTwoModels(db);
      const board = await service.leaderboard({}, NOW);
      expect(board.entries).toHaveLength(2);
      expect(board.benchmark).toBeNull();
    });

    it('rejects bad dates as getResults does', async () => {
      const { service } = await seeded();
      await expect(service.leaderboard({ end_date: '2025-10-32' }, NOW)).rejects.toMatchObject({
        status: 400,
        message: 'Invalid date format: 2025-10-32. Expected YYYY-MM-DD',
      });
    });
  });
}
