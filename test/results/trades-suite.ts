import { describe, expect, it } from 'vitest';
import { InvalidResultsQueryError } from '../../src/results/results-errors.js';
import { ResultsService } from '../../src/results/results-service.js';
import { KyselyResultsStore } from '../../src/store/kysely-results-store.js';
import { useFreshDatabase, type StoreBackend } from '../store/store-backend.js';
import { seedTwoModels } from './results-fixtures.js';

const NOW = new Date('2025-10-20T12:00:00Z');

/** ResultsService.trades (the trades export) over KyselyResultsStore, for any backend. */
export function defineTradesSuite(backend: StoreBackend): void {
  describe('ResultsService.trades', () => {
    const fresh = useFreshDatabase(backend);

    async function seeded(): Promise<ResultsService> {
      const db = await fresh.open();
      await seedTwoModels(db);
      return new ResultsService(new KyselyResultsStore(db));
    }

    it('lists the standing trades by date and model, each with its day, costs and notional', async () => {
      const service = await seeded();
      const list = await service.trades({ startDate: '2025-09-01', endDate: '2025-10-15' }, NOW, 30);
      expect(list.market.id).toBe('us');
      expect(list.trades).toEqual([
        {
          date: '2025-10-01',
          model: 'alpha',
          jobId: 'job-1',
          side: 'buy',
          symbol: 'AAPL',
          quantity: 10,
          price: 250,
          commission: 0,
          notional: 2500,
          executedAt: '2025-10-01T14:01:00.000Z',
          superseded: false,
        },
        expect.objectContaining({ date: '2025-10-02', model: 'alpha', jobId: 'job-2', symbol: 'MSFT' }),
        expect.objectContaining({ date: '2025-10-02', model: 'beta', symbol: 'NVDA', notional: 200 }),
      ]);
    });

    it('narrows by model and job, a job`s superseded trades included and marked', async () => {
      const service = await seeded();
      const { trades: beta } = await service.trades({ model: 'beta' }, NOW, 30);
      expect(beta.map((t) => t.symbol)).toEqual(['NVDA']);
      const { trades: job0 } = await service.trades({ jobId: 'job-0' }, NOW, 30);
      expect(job0.map((t) => [t.date, t.symbol, t.quantity, t.superseded])).toEqual([
        ['2025-09-30', 'TSLA', 7, true],
        ['2025-10-01', 'NVDA', 29, true],
      ]);
    });

    it('answers an empty list for a window without trades, and refuses bad dates', async () => {
      const service = await seeded();
      expect((await service.trades({ startDate: '2025-10-10' }, NOW, 30)).trades).toEqual([]);
      // Without dates, the lookback window: 2025-10-19 and 2025-10-20 hold nothing.
      expect((await service.trades({}, NOW, 1)).trades).toEqual([]);
      await expect(
        service.trades({ startDate: '2025-10-03', endDate: '2025-10-01' }, NOW, 30),
      ).rejects.toThrow(InvalidResultsQueryError);
    });
  });
}
