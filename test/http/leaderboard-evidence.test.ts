/**
 * GET /results/leaderboard?evidence=true over the real results service and the six hand-worked
 * sessions of test/results/evidence-seed.ts: the evidence on the wire (rounded, schema-checked), in
 * CSV as trailing columns, and nothing of it for a client that does not ask.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaderboardResponseSchema } from '../../src/http/contract/results.js';
import { EVIDENCE_COLUMNS } from '../../src/http/evidence-csv.js';
import { resultsApp, type ResultsApp } from '../helpers/results-app.js';
import { seedEvidence } from '../results/evidence-seed.js';
import { csvRecords, parseCsv } from './results-csv-reader.js';

import type { Json } from '../helpers/http-server.js';

describe('the leaderboard with evidence over HTTP', () => {
  let server: ResultsApp;
  beforeAll(async () => {
    server = await resultsApp();
    await seedEvidence(server.db.db);
  });
  afterAll(() => server.close());

  const get = (url: string) => server.app.inject({ url });

  it('answers exactly the leaderboard it answered before when evidence is not asked for', async () => {
    const plain = await get('/results/leaderboard');
    expect(plain.statusCode).toBe(200);
    expect(plain.body).not.toContain('evidence');
    expect((await get('/results/leaderboard?evidence=false')).body).toBe(plain.body);
    // With evidence, every field of the plain answer is there with the same value.
    const rich = (await get('/results/leaderboard?evidence=true')).json() as Json;
    const stripped: Json = {
      ...rich,
      entries: rich['entries'].map(({ evidence: _, ...entry }: Json) => entry),
      benchmark: (({ evidence: _, ...row }: Json) => row)(rich['benchmark']),
    };
    delete stripped['evidence'];
    expect(stripped).toEqual(plain.json());
  });

  it('adds each row`s spread, interval and test against QQQ, rounded, as the contract says', async () => {
    const res = await get('/results/leaderboard?evidence=true');
    const board = res.json() as Json;
    expect(leaderboardResponseSchema.parse(board)).toEqual(board);
    const [steady, cash] = board['entries'] as [Json, Json];
    // The figures test/results/leaderboard-evidence.test.ts works out by hand, rounded: returns and
    // drawdowns to 2 decimals (10.40808032 -> 10.41), Sharpe to 4 (√(15/18) √252 = 14.49138 ->
    // 14.4914; √(1/6) √252 = 6.48074 -> 6.4807; √(25/6) √252 = 32.40370 -> 32.4037).
    expect(steady['evidence']).toEqual({
      runs: 1,
      sessions: 6,
      model_days: 6,
      interval_method: 'bootstrap over sessions',
      period_return_pct: {
        runs: 1,
        mean: 6.12,
        median: 6.12,
        sd: null,
        min: 6.12,
        max: 6.12,
        ci_low: 2,
        ci_high: 10.41,
      },
      max_drawdown_pct: { runs: 1, mean: 0, median: 0, sd: null, min: 0, max: 0, ci_low: 0, ci_high: 0 },
      sharpe: {
        runs: 1,
        mean: 14.4914,
        median: 14.4914,
        sd: null,
        min: 14.4914,
        max: 14.4914,
        ci_low: 6.4807,
        ci_high: 32.4037,
      },
      vs_benchmark: {
        method: 'paired sign-flip permutation test',
        exact: true,
        resamples: null,
        sessions: 6,
        // (1 % + 0.990099 %) * 3 / 6 = 0.9950495 %.
        mean_difference_pct: 0.995,
        t: expect.any(Number),
        p_value: 0.03125,
        t_p_value: expect.any(Number),
        verdict: 'distinguishable',
      },
    });
    // -(1 % - 0.990099 %) * 3 / 6 = -0.00495 % -> -0.005 at 4 decimals; p = 46/64.
    expect(cash['evidence']['vs_benchmark']).toMatchObject({
      mean_difference_pct: -0.005,
      p_value: 0.71875,
      verdict: 'not distinguishable',
    });
    expect(board['benchmark']['evidence']).toMatchObject({
      model_days: null,
      vs_benchmark: null,
      interval_method: 'bootstrap over sessions',
      // QQQ fell from 101 to 100: 0.990099 % -> 0.99.
      max_drawdown_pct: { mean: 0.99 },
    });
  });

  it('adds the pairwise verdicts, the settings and the cost of the evidence to the board', async () => {
    const board = (await get('/results/leaderboard?evidence=true')).json() as Json;
    expect(board['evidence']).toEqual({
      confidence: 0.95,
      significance: 0.05,
      seed: 42,
      bootstrap_resamples: 10000,
      permutation_resamples: 10000,
      exact_max_sessions: 32,
      min_sessions: 6,
      comparisons: [
        {
          model_a: 'steady',
          model_b: 'cash',
          method: 'paired sign-flip permutation test',
          exact: true,
          resamples: null,
          sessions: 6,
          mean_difference_pct: 1,
          // t = √5 = 2.236068; p = 16/64.
          t: 2.2361,
          p_value: 0.25,
          t_p_value: expect.any(Number),
          verdict: 'not distinguishable',
        },
      ],
      cost: { model_days: 12, prompt_tokens: 9000, completion_tokens: 900, cost_usd: 0.09 },
    });
  });

  it('appends the evidence columns to the CSV export, and only when asked', async () => {
    const plain = await get('/results/leaderboard?format=csv');
    expect(parseCsv(plain.body)[0]?.at(-1)).toBe('superseded_dates');
    const res = await get('/results/leaderboard?format=csv&evidence=true');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const header = parseCsv(res.body)[0] ?? [];
    expect(header.slice(0, parseCsv(plain.body)[0]?.length)).toEqual(parseCsv(plain.body)[0]);
    expect(header.slice(-EVIDENCE_COLUMNS.length)).toEqual([...EVIDENCE_COLUMNS]);
    const rows = csvRecords(res.body);
    expect(rows.map((r) => r['model'])).toEqual(['steady', 'cash', 'QQQ (benchmark)']);
    expect(rows[0]).toMatchObject({
      runs: '1',
      interval_method: 'bootstrap over sessions',
      return_ci_low_pct: '2',
      return_ci_high_pct: '10.41',
      vs_benchmark_p_value: '0.03125',
      vs_benchmark_verdict: 'distinguishable',
    });
    expect(rows[2]).toMatchObject({
      model_days: '',
      vs_benchmark_verdict: '',
      sharpe_ci_low: expect.any(String),
    });
  });

  it('refuses an evidence value it does not know with 422', async () => {
    const res = await get('/results/leaderboard?evidence=maybe');
    expect(res.statusCode).toBe(422);
  });
});
