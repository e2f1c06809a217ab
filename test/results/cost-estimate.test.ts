/** ResultsService.estimateCost over the real store: planned model-days times recorded usage per model-day. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COST_BASIS_DAYS } from '../../src/results/cost-estimate.js';
import { ResultsService } from '../../src/results/results-service.js';
import { KyselyResultsStore } from '../../src/store/kysely-results-store.js';
import { openTempSqlite } from '../helpers/temp-db.js';
import { seedEvidence } from './evidence-seed.js';
import { commitDay } from './results-fixtures.js';

describe('ResultsService.estimateCost', () => {
  let db: Awaited<ReturnType<typeof openTempSqlite>>;
  let service: ResultsService;
  beforeEach(async () => {
    db = await openTempSqlite();
    // steady: six days of 1000 + 100 tokens at $0.01; cash: six of 500 + 50 at $0.005.
    await seedEvidence(db.db);
    const day = {
      jobId: 'job-e',
      startCash: 10000,
      startingValue: 10000,
      endCash: 10000,
      endingValue: 10000,
    };
    // silent: a committed day without any recorded call; free: calls without a known price.
    await commitDay(db.db, { ...day, model: 'silent', date: '2025-10-01', profit: 0 });
    await commitDay(db.db, {
      ...day,
      model: 'free',
      date: '2025-10-01',
      profit: 0,
      usage: [
        { prompt: 300, completion: 30, cost: null },
        { prompt: 100, completion: 10, cost: null },
      ],
    });
    service = new ResultsService(new KyselyResultsStore(db.db));
  });
  afterEach(() => db.dispose());

  it('multiplies each model`s average recorded model-day by its planned model-days', async () => {
    const estimate = await service.estimateCost('us', [
      { model: 'steady', modelDays: 20 },
      { model: 'cash', modelDays: 4 },
    ]);
    // steady: 20 * 1000 = 20000 prompt, 20 * 100 = 2000 completion, 20 * $0.01 = $0.20.
    // cash: 4 * 500 = 2000, 4 * 50 = 200, 4 * $0.005 = $0.02. Total 22000, 2200, $0.22.
    expect(estimate).toEqual({
      market: 'us',
      basis: expect.stringContaining(`latest ${COST_BASIS_DAYS} committed model-days`),
      plannedModelDays: 24,
      models: [
        {
          model: 'steady',
          plannedModelDays: 20,
          recordedModelDays: 6,
          pricedModelDays: 6,
          perModelDay: { promptTokens: 1000, completionTokens: 100, costUsd: expect.closeTo(0.01, 12) },
          estimate: { promptTokens: 20000, completionTokens: 2000, costUsd: expect.closeTo(0.2, 12) },
          reason: null,
        },
        {
          model: 'cash',
          plannedModelDays: 4,
          recordedModelDays: 6,
          pricedModelDays: 6,
          perModelDay: { promptTokens: 500, completionTokens: 50, costUsd: expect.closeTo(0.005, 12) },
          estimate: { promptTokens: 2000, completionTokens: 200, costUsd: expect.closeTo(0.02, 12) },
          reason: null,
        },
      ],
      total: { promptTokens: 22000, completionTokens: 2200, costUsd: expect.closeTo(0.22, 12) },
    });
  });

  it('gives no figure, but a reason, where nothing was recorded', async () => {
    const estimate = await service.estimateCost('us', [
      { model: 'steady', modelDays: 1 },
      { model: 'silent', modelDays: 3 },
      { model: 'newcomer', modelDays: 3 },
      { model: 'free', modelDays: 2 },
    ]);
    const [, silent, newcomer, free] = estimate.models;
    expect(silent).toMatchObject({
      recordedModelDays: 0,
      perModelDay: null,
      estimate: null,
      reason: 'its committed model-days in this market have no recorded usage',
    });
    expect(newcomer).toMatchObject({
      estimate: null,
      reason: 'no committed model-days of this model in this market to estimate from',
    });
    // free: one day of 300 + 100 prompt and 30 + 10 completion tokens, no price: 2 days = 800 and 80.
    expect(free).toMatchObject({
      recordedModelDays: 1,
      pricedModelDays: 0,
      perModelDay: { promptTokens: 400, completionTokens: 40, costUsd: null },
      estimate: { promptTokens: 800, completionTokens: 80, costUsd: null },
      reason: 'no recorded price for its calls: tokens only',
    });
    // A total some model has no figure for would understate: it is null.
    expect(estimate.total).toEqual({ promptTokens: null, completionTokens: null, costUsd: null });
  });

  it('reads only the market the job trades', async () => {
    const estimate = await service.estimateCost('crypto', [{ model: 'steady', modelDays: 5 }]);
    expect(estimate.models[0]).toMatchObject({
      estimate: null,
      reason: expect.stringMatching(/^no committed/),
    });
  });
});
