/**
 * ResultsService.leaderboardWithEvidence over the real store: the six sessions of evidence-seed.ts,
 * every figure worked out by hand there and here.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResultsService } from '../../src/results/results-service.js';
import { KyselyResultsStore } from '../../src/store/kysely-results-store.js';
import { openTempSqlite } from '../helpers/temp-db.js';
import { seedEvidence } from './evidence-seed.js';

const NOW = new Date('2025-10-20T12:00:00Z');
const ANNUAL = Math.sqrt(252);

describe('ResultsService.leaderboardWithEvidence', () => {
  let db: Awaited<ReturnType<typeof openTempSqlite>>;
  let service: ResultsService;
  beforeEach(async () => {
    db = await openTempSqlite();
    await seedEvidence(db.db);
    service = new ResultsService(new KyselyResultsStore(db.db));
  });
  afterEach(() => db.dispose());

  it('keeps the leaderboard as it was and adds the evidence beside it', async () => {
    const board = await service.leaderboard({}, NOW);
    const withEvidence = await service.leaderboardWithEvidence({}, NOW);
    const { evidence, ...rest } = withEvidence;
    expect(rest).toEqual(board);
    expect(board.entries.map((e) => e.model)).toEqual(['steady', 'cash']);
    expect(evidence.settings).toEqual({
      confidence: 0.95,
      significance: 0.05,
      seed: 42,
      bootstrapResamples: 10_000,
      permutationResamples: 10_000,
      exactMaxSessions: 32,
      minSessions: 6,
    });
  });

  it("gives each model's spread and its interval over sessions (one run each)", async () => {
    const { evidence } = await service.leaderboardWithEvidence({}, NOW);
    const [steady, cash] = evidence.entries;
    // steady's session returns are 2 %, 0, 2 %, 0, 2 %, 0: period 1.02³ - 1 = 6.1208 %. Re-drawn, a path
    // holds k two-percent days, k ~ Binomial(6, 1/2): P(k=0) = 1/64 = 1.6 %, P(k<=1) = 7/64 = 10.9 %,
    // P(k<=4) = 57/64 = 89.1 %, P(k<=5) = 63/64 = 98.4 %. So the 2.5th percentile is a k = 1 path
    // (2 %) and the 97.5th a k = 5 path (1.02⁵ - 1 = 10.40808032 %).
    // Sharpe of k twos among n = 6: mean/sd = √(k(n-1) / (n(n-k))), times √252: the run (k = 3) has
    // √(15/18) √252 = 14.4914; paths with k = 0 or 6 do not vary and are left out, which leaves
    // 62/64 with k = 1 (6/62 = 9.7 % of them, √(1/6) √252 = 6.4807) the lowest and k = 5 (√(25/6)
    // √252 = 32.4037) the highest: both ends of the interval.
    expect(steady).toMatchObject({
      name: 'steady',
      runs: 1,
      sessions: 6,
      modelDays: 6,
      intervalMethod: 'bootstrap over sessions',
      periodReturnPct: {
        runs: 1,
        mean: expect.closeTo(6.1208, 9),
        median: expect.closeTo(6.1208, 9),
        sd: null,
        interval: { low: expect.closeTo(2, 9), high: expect.closeTo(10.40808032, 9) },
      },
      // Nothing ever fell, in the run or in any re-drawn path.
      maxDrawdownPct: { mean: 0, interval: { low: 0, high: 0 } },
      sharpe: {
        mean: expect.closeTo(Math.sqrt(15 / 18) * ANNUAL, 9),
        interval: {
          low: expect.closeTo(Math.sqrt(1 / 6) * ANNUAL, 9),
          high: expect.closeTo(Math.sqrt(25 / 6) * ANNUAL, 9),
        },
      },
    });
    // cash never moved: a 0 return every way it is drawn, and no Sharpe at all.
    expect(cash).toMatchObject({
      periodReturnPct: { mean: 0, interval: { low: 0, high: 0 } },
      sharpe: { runs: 0, mean: null, interval: null },
    });
  });

  it('tests each model against QQQ on the six sessions, saying which it can tell apart', async () => {
    const { evidence } = await service.leaderboardWithEvidence({}, NOW);
    const [steady, cash] = evidence.entries;
    // QQQ: +1 %, -1/101, alternately. steady - QQQ = 1 %, 0.990099 %, ...: all six positive, so only
    // the observed sign pattern and its mirror reach the sum: p = 2/64 = 0.03125 <= 0.05.
    expect(steady?.vsBenchmark).toMatchObject({
      method: 'paired sign-flip permutation test',
      exact: true,
      sessions: 6,
      meanDifferencePct: expect.closeTo((3 + 300 / 101) / 6, 9),
      pValue: 0.03125,
      verdict: 'distinguishable',
    });
    // cash - QQQ = -a, +b, -a, +b, -a, +b with a = 1 % and b = 0.990099 %: |sum| = 3(a - b). A pattern
    // puts k_a a + k_b b with k_a, k_b in {-3, -1, 1, 3}; it falls short only when k_a = -k_b = ±1
    // (|sum| = a - b), which 3 * 3 + 3 * 3 = 18 of the 64 patterns do: p = 46/64 = 0.71875.
    expect(cash?.vsBenchmark).toMatchObject({ sessions: 6, pValue: 0.71875, verdict: 'not distinguishable' });
  });

  it('compares the two models with each other, and QQQ has its own figures', async () => {
    const { evidence } = await service.leaderboardWithEvidence({}, NOW);
    // steady - cash = 2 %, 0, 2 %, 0, 2 %, 0. Zero differences flip to themselves: the three 2 % ones
    // reach |6 %| only all alike (2 of 8 patterns), whatever the other three do: p = 16/64 = 0.25.
    // t = 0.01 / (0.0109545 / √6) = √5 = 2.23607; with 5 degrees of freedom a t table puts 2.015 at
    // two-sided 0.10 and 2.571 at 0.05, so Student's p lies between them, and neither calls it.
    expect(evidence.pairs).toHaveLength(1);
    const [pair] = evidence.pairs;
    expect(pair).toMatchObject({
      a: 'steady',
      b: 'cash',
      test: { sessions: 6, pValue: 0.25, t: expect.closeTo(Math.sqrt(5), 9), verdict: 'not distinguishable' },
    });
    expect(pair?.test.tPValue).toBeGreaterThan(0.05);
    expect(pair?.test.tPValue).toBeLessThan(0.1);
    // QQQ from 100 to 100: 0 %, its deepest fall 101 -> 100; its interval drawn over sessions.
    expect(evidence.benchmark).toMatchObject({
      name: 'QQQ (benchmark)',
      runs: 1,
      sessions: 6,
      intervalMethod: 'bootstrap over sessions',
      periodReturnPct: { mean: expect.closeTo(0, 9) },
      maxDrawdownPct: { mean: expect.closeTo(100 / 101, 9) },
      vsBenchmark: null,
    });
  });

  it('says what the evidence cost: the model-days behind it and their usage', async () => {
    const { evidence } = await service.leaderboardWithEvidence({}, NOW);
    // 6 days each; steady 6 * (1000 + 100) tokens and 6 * $0.01, cash 6 * (500 + 50) and 6 * $0.005.
    expect(evidence.cost).toEqual({
      modelDays: 12,
      promptTokens: 9000,
      completionTokens: 900,
      costUsd: expect.closeTo(0.09, 12),
    });
    // A window of five sessions: too few to call anything, and said so.
    const short = await service.leaderboardWithEvidence(
      { startDate: '2025-10-01', endDate: '2025-10-07' },
      NOW,
    );
    expect(short.evidence.entries[0]?.vsBenchmark).toMatchObject({
      sessions: 5,
      verdict: 'too few sessions',
    });
  });

  it('has no evidence to give on an empty board', async () => {
    const empty = await service.leaderboardWithEvidence({ market: 'crypto' }, NOW);
    expect(empty.evidence).toMatchObject({
      entries: [],
      benchmark: null,
      pairs: [],
      cost: { modelDays: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 },
    });
  });
});
