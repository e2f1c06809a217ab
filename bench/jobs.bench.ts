/**
 * The job service, against the real server on 127.0.0.1 with the fake Alpha Vantage (fixtures: the
 * default universe is in the committed subset, so this runs without ../shared too) and
 * the fake OpenAI-compatible LLM, in two phases:
 * 1. no load: the real wall time of a 5-model x 20-session job whose fake LLM answers with random
 *    latency (prices already stored), next to what a per-date barrier would have taken with the very
 *    same model-day durations; the ratio is the gain of letting each model walk its own dates;
 * 2. trigger and status latency (p50/p99, autocannon) while another such job runs.
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
import { fakeAlphaVantageEnv, startFakeAlphaVantage } from '../test/fakes/fake-alphavantage.js';
import { startFakeOpenAi, type FakeHandler } from '../test/fakes/fake-openai.js';
import { AV_KEY, basemodelOf, buyAndFinish, testConfig } from '../test/helpers/http-server.js';
import { median, type BenchContext } from './report.js';

const MODELS = ['m1', 'm2', 'm3', 'm4', 'm5'];
const START = '2025-10-01';
const END = '2025-10-28'; // 20 sessions
const CALLS_PER_DAY = 3; // buyAndFinish: buy, finish, summary
const POLL_MS = 25;
const TERMINAL = ['completed', 'partial', 'failed'];

interface JobStatus {
  status: string;
  details: { model: string; date: string; status: string; duration_seconds: number | null }[];
}

/**
 * A scripted agent whose every answer takes a seeded random base..(base+spread) ms, like a real
 * provider's jitter.
 */
function randomLatency(model: string, spreadMs: number, baseMs = 5): FakeHandler {
  const inner = buyAndFinish('AAPL', 1);
  const rng = createRng(mixSeeds(hashString(model), 42));
  return (body, index, request) => {
    const reply = inner(body, index, request);
    return { ...reply, delayMs: baseMs + Math.round(rng.uniform() * spreadMs) } as ReturnType<FakeHandler>;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function run({ quick, record }: BenchContext): Promise<void> {
  const spread = quick ? 40 : 120;
  const repetitions = quick ? 1 : 3;
  const dir = mkdtempSync(join(tmpdir(), 'bench-jobs-'));
  const llm = await startFakeOpenAi();
  const av = await startFakeAlphaVantage({ key: AV_KEY });
  const config = testConfig({ models: MODELS.map((signature) => ({ signature })) }, llm.baseURL);
  config.agent_config.max_concurrent_models = MODELS.length;
  const env = readEnv({
    DATABASE_URL: join(dir, 'bench.db'),
    LOG_LEVEL: 'warn',
    ...fakeAlphaVantageEnv(av, AV_KEY),
  });
  const server = await startServer({
    env,
    config,
    logger: createLogger(env, { destination: { write: () => true } }),
    port: 0,
  });

  const trigger = async (body: Record<string, unknown>): Promise<string> => {
    const res = await fetch(`${server.url}/simulate/trigger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { job_id?: string; detail?: unknown };
    if (!res.ok || json.job_id === undefined)
      throw new Error(`trigger answered ${res.status}: ${JSON.stringify(json.detail ?? json)}`);
    return json.job_id;
  };
  const status = async (jobId: string): Promise<JobStatus> =>
    (await (await fetch(`${server.url}/simulate/status/${jobId}`)).json()) as JobStatus;
  const waitTerminal = async (jobId: string): Promise<JobStatus> => {
    for (;;) {
      const s = await status(jobId);
      if (TERMINAL.includes(s.status)) return s;
      await sleep(POLL_MS);
    }
  };

  try {
    // ---- warm-up: get the prices stored, so the measured wall time holds no download ----------
    // The worker downloads [first pending date - 30 days, last pending date] before running, so a
    // job over the same START..END range needs exactly the measured job's prices. One model with
    // an instant fake LLM keeps the warm-up short (a 1-day job would ask for a narrower window and
    // could leave the measured job a download). The measured jobs then all run with
    // `replace_existing: true`, which re-plans m1's days too, so every repetition runs the same
    // 5 x 20 model-days; the fake Alpha Vantage's request count proves no download happened.
    llm.script(basemodelOf('m1'), buyAndFinish('AAPL', 1));
    const warm = await waitTerminal(await trigger({ start_date: START, end_date: END, models: ['m1'] }));
    if (warm.status !== 'completed') throw new Error(`warm-up job ended ${warm.status}`);
    const avRequestsAfterWarmUp = av.requests.length;
    for (const m of MODELS) llm.script(basemodelOf(m), randomLatency(m, spread));

    // ---- phase 1: the job alone, no API load ---------------------------------------------------
    const sessions = tradingDaysBetween(START, END);
    const walls: number[] = [];
    const barriers: number[] = [];
    const floors: number[] = [];
    const ratios: number[] = [];
    const statuses: string[] = [];
    for (let i = 0; i < repetitions; i++) {
      const started = performance.now();
      const jobId = await trigger({ start_date: START, end_date: END, replace_existing: true });
      const final = await waitTerminal(jobId);
      const wall = (performance.now() - started) / 1000;

      // What a per-date barrier would cost with these very durations: each date waits for its
      // slowest model. Without a barrier the job can go no faster than its slowest model's walk.
      const byDate = new Map<string, number>();
      const byModel = new Map<string, number>();
      for (const d of final.details) {
        const s = d.duration_seconds ?? 0;
        byDate.set(d.date, Math.max(byDate.get(d.date) ?? 0, s));
        byModel.set(d.model, (byModel.get(d.model) ?? 0) + s);
      }
      const barrier = [...byDate.values()].reduce((a, b) => a + b, 0);
      walls.push(wall);
      barriers.push(barrier);
      floors.push(Math.max(...byModel.values()));
      ratios.push(barrier / wall);
      statuses.push(final.status);
    }
    const downloads = av.requests.length - avRequestsAfterWarmUp;
    if (downloads > 0) console.log(`jobs: warning: the measured jobs made ${downloads} price requests`);

    const what =
      `${MODELS.length} models x ${sessions.length} sessions, fake LLM latency 5..${5 + spread} ms per call ` +
      `(${CALLS_PER_DAY} calls/day), SQLite, no API load, prices stored beforehand ` +
      `(${downloads} price requests during the measured jobs), median of ${repetitions}, ` +
      `job status ${[...new Set(statuses)].join('/')}`;
    record(
      'jobs.wall_s',
      median(walls),
      's',
      `${what}; real wall time from POST /simulate/trigger to a terminal status, status polled every ${POLL_MS} ms`,
    );
    record(
      'jobs.barrier_s',
      median(barriers),
      's',
      `${what}; modelled: sum over dates of the slowest model's duration that date (a per-date barrier), from the job's details`,
    );
    record(
      'jobs.no_barrier_model_s',
      median(floors),
      's',
      `${what}; modelled floor: the slowest model's summed model-day durations, from the job's details`,
    );
    record(
      'jobs.barrier_ratio',
      median(ratios),
      'x',
      `${what}; median over runs of barrier_s / wall_s: how much longer a per-date barrier would have taken than the real run`,
    );

    // ---- phase 2: API latency while a job runs -------------------------------------------------
    // The load lasts statusSeconds + triggerSeconds; the job must outlast it (or the trigger load
    // would start new jobs), so its fake LLM answers get a base latency that makes each model's
    // walk about 2 s longer than the load. The job is cancelled once the load is over.
    const statusSeconds = quick ? 3 : 8;
    const triggerSeconds = quick ? 2 : 4;
    const loadMs = (statusSeconds + triggerSeconds + 2) * 1000;
    const baseMs = Math.ceil(loadMs / (sessions.length * CALLS_PER_DAY));
    for (const m of MODELS) llm.script(basemodelOf(m), randomLatency(m, spread, baseMs));
    const loadJobId = await trigger({ start_date: START, end_date: END, replace_existing: true });
    const statusLoad = await autocannon({
      url: `${server.url}/simulate/status/${loadJobId}`,
      connections: 10,
      duration: statusSeconds,
    });
    const triggerLoad = await autocannon({
      url: `${server.url}/simulate/trigger`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ start_date: START, end_date: END, replace_existing: true }),
      connections: 10,
      duration: triggerSeconds,
    });
    const stillActive = !TERMINAL.includes((await status(loadJobId)).status);
    const cancel = await fetch(`${server.url}/simulate/jobs/${loadJobId}/cancel`, { method: 'POST' });
    await cancel.arrayBuffer();
    await waitTerminal(loadJobId);

    const rejected = triggerLoad.statusCodeStats?.['400']?.count ?? 0;
    if (!stillActive || rejected !== triggerLoad.requests.total) {
      console.log(
        `jobs: warning: the load job ${stillActive ? 'was still active' : 'ended before the load did'}; ` +
          `${rejected} of ${triggerLoad.requests.total} triggers answered 400`,
      );
    }
    const note =
      `real server, SQLite, 10 connections, while a ${MODELS.length}-model x ${sessions.length}-session job runs ` +
      `(fake LLM ${baseMs}..${baseMs + spread} ms per call)`;
    const statusNote = `${note}; ${statusSeconds}s of GET /simulate/status (${MODELS.length * sessions.length} details)`;
    const triggerNote =
      `${note}; ${triggerSeconds}s of POST /simulate/trigger, answers 400 (a job is active) after full validation ` +
      `(${rejected} of ${triggerLoad.requests.total} did)`;
    record('api.status.p50', statusLoad.latency.p50, 'ms', statusNote);
    record('api.status.p99', statusLoad.latency.p99, 'ms', statusNote);
    record('api.status.rps', statusLoad.requests.average, 'req/s', statusNote);
    record('api.trigger.p50', triggerLoad.latency.p50, 'ms', triggerNote);
    record('api.trigger.p99', triggerLoad.latency.p99, 'ms', triggerNote);
    record('api.trigger.rps', triggerLoad.requests.average, 'req/s', triggerNote);
  } finally {
    await server.close();
    await llm.close();
    await av.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
