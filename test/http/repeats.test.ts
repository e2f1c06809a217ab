/**
 * Repeats end to end over HTTP: a trigger asking for `repeats: K` runs K independent portfolios per
 * model over the same sessions (DEV mode's mock strategies on synthetic prices, offline), names the
 * runs in status, results and the leaderboard, and draws the evidence's intervals over runs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type Json, type TestServer } from '../helpers/http-server.js';

const START = '2025-10-01';
const END = '2025-10-08';
const SESSIONS = 6;

describe('repeats over HTTP', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const devServer = () =>
    startTestServer({
      env: { DEPLOYMENT_MODE: 'DEV' },
      models: [
        { signature: 'dice', devStrategy: 'random' },
        { signature: 'holder', devStrategy: 'buy_and_hold' },
      ],
    });

  /** Each (model, run)'s trades over the window, as `date side symbol quantity` lines. */
  async function tradesByRun(s: TestServer, jobId: string): Promise<Map<string, string[]>> {
    const res = await s.request('GET', `/results/trades?start_date=${START}&end_date=${END}&job_id=${jobId}`);
    expect(res.status).toBe(200);
    const byRun = new Map<string, string[]>();
    for (const t of res.body['trades'] as Json[]) {
      const key = `${t['model']}/${t['run'] ?? 1}`;
      byRun.set(key, [
        ...(byRun.get(key) ?? []),
        `${t['date']} ${t['action']} ${t['symbol']} ${t['quantity']}`,
      ]);
    }
    return byRun;
  }

  it('runs K chains per model from the starting cash, names the runs, and reproduces each run', async () => {
    server = await devServer();
    const trigger = await server.trigger({ start_date: START, end_date: END, repeats: 3 });
    expect(trigger.status).toBe(200);
    expect(trigger.body).toMatchObject({
      total_model_days: 2 * 3 * SESSIONS,
      message: `Simulation job created for ${SESSIONS} dates, 2 models, 3 runs each`,
      repeats: 3,
    });
    // Repeats multiply the cost: the answer always estimates it, counted per model.
    expect(trigger.body['cost_estimate']['planned_model_days']).toBe(2 * 3 * SESSIONS);
    expect(trigger.body['cost_estimate']['models'].map((m: Json) => m['model'])).toEqual(['dice', 'holder']);

    const jobId = trigger.body['job_id'] as string;
    const done = await server.waitFor(jobId, undefined, 60_000);
    expect(done['status']).toBe('completed');
    expect(done['models']).toEqual(['dice', 'holder']);
    expect(done['repeats']).toBe(3);
    const details = done['details'] as Json[];
    expect(new Set(details.map((d) => d['model']))).toEqual(new Set(['dice', 'holder']));
    // Run 1 is the model's own portfolio (no `run`), runs 2 and 3 say which they are.
    for (const run of [undefined, 2, 3]) {
      expect(details.filter((d) => d['model'] === 'dice' && d['run'] === run)).toHaveLength(SESSIONS);
    }

    // Three independent portfolios per model, each from the starting cash.
    const range = await server.request('GET', `/results?start_date=${START}&end_date=${END}`);
    expect(range.status).toBe(200);
    const ranges = range.body['results'] as Json[];
    expect(ranges.map((r) => `${r['model']}/${r['run'] ?? 1}`).sort()).toEqual([
      'dice/1',
      'dice/2',
      'dice/3',
      'holder/1',
      'holder/2',
      'holder/3',
    ]);
    for (const r of ranges) {
      expect(r['period_metrics']['starting_portfolio_value']).toBe(10000);
      expect(r['daily_portfolio_values']).toHaveLength(SESSIONS);
    }

    // The random mock trades differently in each run (its seed is the run's).
    const first = await tradesByRun(server, jobId);
    const dice = [1, 2, 3].map((run) => JSON.stringify(first.get(`dice/${run}`) ?? []));
    expect(new Set(dice).size).toBe(3);

    // The evidence gathers a model's runs and draws its intervals over them.
    const board = await server.request('GET', `/results/leaderboard?evidence=true&job_id=${jobId}`);
    expect(board.status).toBe(200);
    const entries = board.body['entries'] as Json[];
    expect(entries).toHaveLength(6);
    const withEvidence = entries.filter((e) => e['evidence'] !== undefined);
    expect(withEvidence.map((e) => e['model']).sort()).toEqual(['dice', 'holder']);
    for (const e of withEvidence) {
      expect(e['evidence']).toMatchObject({
        runs: 3,
        sessions: SESSIONS,
        model_days: 3 * SESSIONS,
        interval_method: 'bootstrap over runs',
      });
    }
    // The CSV export ends each row with its run; exports without runs keep their columns.
    const csv = await server.request('GET', `/results/leaderboard?job_id=${jobId}&format=csv`);
    expect(csv.status).toBe(200);
    const text = csv.body['text'] as string;
    expect(text.split(/\r?\n/)[0]).toMatch(/,run$/);
    expect(text).toMatch(/^1,\w+,.*,[123]\r?$/m);

    // Models are compared once, runs pooled, not run against run.
    expect(board.body['evidence']['comparisons']).toHaveLength(1);

    // Run again, replacing: each run's seed is its own, so every run trades exactly as before.
    const again = await server.trigger({
      start_date: START,
      end_date: END,
      repeats: 3,
      replace_existing: true,
    });
    expect(again.status).toBe(200);
    const againId = again.body['job_id'] as string;
    expect((await server.waitFor(againId, undefined, 60_000))['status']).toBe('completed');
    expect(await tradesByRun(server, againId)).toEqual(first);
  }, 120_000);

  it('refuses repeats beyond the maximum, and for external models, naming them', async () => {
    server = await startTestServer({
      models: [{ signature: 'alpha' }, { signature: 'outside', kind: 'external' }],
    });
    const tooMany = await server.trigger({ start_date: START, end_date: END, repeats: 21 });
    expect(tooMany.status).toBe(422);
    expect(JSON.stringify(tooMany.body['detail'])).toContain('repeats');
    const external = await server.trigger({ start_date: START, end_date: END, repeats: 2 });
    expect(external.status).toBe(400);
    expect(external.body['detail']).toContain('external models (outside)');
  });

  it('sends each run its seed, and a job without repeats none', async () => {
    server = await startTestServer({ models: [{ signature: 'alpha' }] });
    const plain = await server.trigger({ start_date: START, end_date: START });
    expect((await server.waitFor(plain.body['job_id'] as string))['status']).toBe('completed');
    expect(server.llm.requests().every((r) => !('seed' in r.body))).toBe(true);
    server.llm.reset();
    const repeated = await server.trigger({ start_date: '2025-10-02', end_date: '2025-10-02', repeats: 2 });
    expect((await server.waitFor(repeated.body['job_id'] as string))['status']).toBe('completed');
    expect(new Set(server.llm.requests().map((r) => r.body.seed))).toEqual(new Set([0, 1]));
  });
});
