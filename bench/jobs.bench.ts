/**
 * The job service under load, against the real server on 127.0.0.1 with the fake Alpha Vantage
 * (fixtures) and the fake OpenAI-compatible LLM:
 * - wall time of a 5-model x 20-session job whose fake LLM answers with random latency, next to the
 *   time the same model-day durations would take with a per-date barrier (the ratio is the gain of
 *   letting each model walk its own dates);
 * - trigger and status latency (p50/p99, autocannon) while that job runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createLogger } from '../src/app/logger.js';
import { readEnv } from '../src/config/env.js';
import { tradingDaysBetween } from '../src/core/calendar.js';
import { startServer } from '../src/http/server.js';
import { createRng, hashString, mixSeeds } from '../src/market-data/demo/prng.js';
import { startFakeAlphaVantage } from '../test/fakes/fake-alphavantage.js';
import { startFakeOpenAi, type FakeHandler } from '../test/fakes/fake-openai.js';
import { FIXTURES_MISSING_REASON, fixturesAvailable } from '../test/helpers/fixtures.js';
import { AV_KEY, basemodelOf, buyAndFinish, testConfig } from '../test/helpers/http-server.js';
import type { BenchContext } from './report.js';

const MODELS = ['m1', 'm2', 'm3', 'm4', 'm5'];
const START = '2025-10-01';
const END = '2025-10-28'; // 20 sessions

/** A scripted agent whose every answer takes a seeded random 5..(5+spread) ms, like a real provider's jitter. */
function randomLatency(model: string, spreadMs: number): FakeHandler {
  const inner = buyAndFinish('AAPL', 1);
  const rng = createRng(mixSeeds(hashString(model), 42));
  return (body, index, request) => {
    const reply = inner(body, index, request);
    return { ...reply, delayMs: 5 + Math.round(rng.uniform() * spreadMs) } as ReturnType<FakeHandler>;
  };
}

export async function run({ quick, record }: BenchContext): Promise<void> {
  if (!fixturesAvailable) {
    console.log(`jobs: ${FIXTURES_MISSING_REASON}; not measured`);
    return;
  }
  const spread = quick ? 40 : 120;
  const dir = mkdtempSync(join(tmpdir(), 'bench-jobs-'));
  const llm = await startFakeOpenAi();
  const av = await startFakeAlphaVantage({ key: AV_KEY });
  for (const m of MODELS) llm.script(basemodelOf(m), randomLatency(m, spread));
  const config = testConfig({ models: MODELS.map((signature) => ({ signature })) }, llm.baseURL);
  config.agent_config.max_concurrent_models = MODELS.length;
  const env = readEnv({
    DATABASE_URL: join(dir, 'bench.db'),
    LOG_LEVEL: 'warn',
    ALPHAADVANTAGE_API_KEY: AV_KEY,
    ALPHAVANTAGE_BASE_URL: av.baseUrl,
    ALPHAVANTAGE_REQUESTS_PER_MINUTE: '0',
    ALPHAVANTAGE_REQUESTS_PER_DAY: '0',
  });
  const server = await startServer({
    env,
    config,
    logger: createLogger(env, { destination: { write: () => true } }),
    port: 0,
  });
  try {
    const started = performance.now();
    const res = await fetch(`${server.url}/simulate/trigger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ start_date: START, end_date: END }),
    });
    const { job_id: jobId } = (await res.json()) as { job_id: string };

    // Load the API while the job runs.
    const duration = quick ? 3 : 8;
    const status = await autocannon({
      url: `${server.url}/simulate/status/${jobId}`,
      connections: 10,
      duration,
    });
    const trigger = await autocannon({
      url: `${server.url}/simulate/trigger`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ start_date: START, end_date: END }),
      connections: 10,
      duration: quick ? 2 : 4,
    });
    const note = `real server, SQLite, 10 connections, ${duration}s, while a ${MODELS.length}-model job runs`;
    record('api.status.p50', status.latency.p50, 'ms', note);
    record('api.status.p99', status.latency.p99, 'ms', note);
    record('api.status.rps', status.requests.average, 'req/s', note);
    record(
      'api.trigger.p50',
      trigger.latency.p50,
      'ms',
      `${note}; answers 400 (a job is active) after full validation`,
    );
    record(
      'api.trigger.p99',
      trigger.latency.p99,
      'ms',
      `${note}; answers 400 (a job is active) after full validation`,
    );

    let final: {
      status: string;
      details: { model: string; date: string; duration_seconds: number | null }[];
    };
    for (;;) {
      final = (await (await fetch(`${server.url}/simulate/status/${jobId}`)).json()) as typeof final;
      if (['completed', 'partial', 'failed'].includes(final.status)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const wall = (performance.now() - started) / 1000;

    // What a per-date barrier would cost with these very durations: each date waits for its slowest model.
    const sessions = tradingDaysBetween(START, END);
    const byDate = new Map<string, number>();
    const byModel = new Map<string, number>();
    for (const d of final.details) {
      const s = d.duration_seconds ?? 0;
      byDate.set(d.date, Math.max(byDate.get(d.date) ?? 0, s));
      byModel.set(d.model, (byModel.get(d.model) ?? 0) + s);
    }
    const barrier = [...byDate.values()].reduce((a, b) => a + b, 0);
    const noBarrier = Math.max(...byModel.values());
    const what = `${MODELS.length} models x ${sessions.length} sessions, fake LLM latency 5..${5 + spread} ms per call (3 calls/day), SQLite`;
    record(
      'jobs.wall_s',
      wall,
      's',
      `${what}; job ${final.status}, includes price download and the API load above`,
    );
    record(
      'jobs.model_walk_s',
      noBarrier,
      's',
      `${what}; slowest model's summed model-day durations (no barrier)`,
    );
    record(
      'jobs.barrier_s',
      barrier,
      's',
      `${what}; sum over dates of the slowest model that date (per-date barrier)`,
    );
    record('jobs.barrier_ratio', barrier / noBarrier, 'x', `${what}; barrier time / no-barrier time`);
  } finally {
    await server.close();
    await llm.close();
    await av.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
