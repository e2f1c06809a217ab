/**
 * Scaling out on PostgreSQL: one latency-bound job (8 models x 10 sessions, a fake LLM answering
 * every call in a fixed 200 ms, three calls a model-day) run by 1, 2 and 4 `ai-trader worker`
 * processes beside one API-only process (`serve --no-worker`), each worker running at most 2
 * model-days at once (`max_concurrent_models: 2`), on a database of its own per worker count with
 * the prices stored beforehand. Figures: the wall time from the trigger to the job's end, and its
 * speed-up over one worker (the ideal is the worker count: 8 models allow 8 days at once, 4 workers
 * x 2 give exactly that). Then the lease overhead per model-day, measured on the store itself.
 */
import { loadavg } from 'node:os';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPriceDataService, createPriceHistoryProvider } from '../src/app/price-data.js';
import { US_MARKET } from '../src/core/markets/index.js';
import { readEnv } from '../src/config/env.js';
import { addDays } from '../src/core/dates.js';
import { tradingDaysBetween } from '../src/core/calendar.js';
import { KyselyPriceStore } from '../src/store/kysely-price-store.js';
import { openDatabase } from '../src/store/open-database.js';
import { fakeAlphaVantageEnv, startFakeAlphaVantage } from '../test/fakes/fake-alphavantage.js';
import { startFakeOpenAi } from '../test/fakes/fake-openai.js';
import {
  AV_KEY,
  basemodelOf,
  buyAndFinish,
  DEFAULT_SYMBOLS,
  testConfig,
} from '../test/helpers/http-server.js';
import {
  createTestDatabase,
  postgresUrlForTests,
  POSTGRES_UNAVAILABLE_REASON,
} from '../test/helpers/postgres.js';
import { measureLeaseOverhead } from './lease-overhead.js';
import { triggerJob, waitForJob } from './job-client.js';
import { median, type BenchContext } from './report.js';
import { startServerProcess, startWorkerProcess } from './server-process.js';

const MODELS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8'];
const START = '2025-10-01';
const END = '2025-10-14'; // 10 sessions
const LLM_MS = 200;
const CALLS_PER_DAY = 3;
const PER_WORKER = 2;

export async function run({ quick, record }: BenchContext): Promise<void> {
  const baseUrl = await postgresUrlForTests();
  if (baseUrl === null) {
    console.log(`scale: ${POSTGRES_UNAVAILABLE_REASON}; not measured`);
    return;
  }
  const repetitions = quick ? 1 : 3;
  const end = quick ? '2025-10-03' : END;
  const sessions = tradingDaysBetween(START, end).length;
  const workerCounts = [1, 2, 4];
  const dir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  const llm = await startFakeOpenAi();
  const av = await startFakeAlphaVantage({ key: AV_KEY });
  for (const m of MODELS) llm.script(basemodelOf(m), buyAndFinish('AAPL', 1, LLM_MS));
  const config = testConfig({ models: MODELS.map((signature) => ({ signature })) }, llm.baseURL);
  config.agent_config.max_concurrent_models = PER_WORKER;
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(config));
  const load = [loadavg()[0] ?? 0];

  const walls = new Map<number, number[]>();
  try {
    for (const workers of workerCounts) {
      const database = await createTestDatabase(baseUrl);
      const env = {
        CONFIG_PATH: configPath,
        DATABASE_URL: database.url,
        LOG_LEVEL: 'warn',
        ...fakeAlphaVantageEnv(av, AV_KEY),
      };
      try {
        await storePrices(database.url, env, end);
        const api = await startServerProcess(env, ['--no-worker']);
        const started = await Promise.all(Array.from({ length: workers }, () => startWorkerProcess(env)));
        try {
          for (let rep = 0; rep < repetitions; rep++) {
            const t0 = performance.now();
            const { jobId } = await triggerJob(api.url, {
              start_date: START,
              end_date: end,
              replace_existing: true,
            });
            const final = await waitForJob(api.url, jobId, undefined, 50);
            const seconds = (performance.now() - t0) / 1000;
            if (final.status !== 'completed' || final.completed !== MODELS.length * sessions)
              console.log(`scale: ${workers} worker(s): job ended ${final.status}, ${final.completed} days`);
            walls.set(workers, [...(walls.get(workers) ?? []), seconds]);
            load.push(loadavg()[0] ?? 0);
          }
        } finally {
          await Promise.all(started.map((w) => w.close()));
          await api.close();
        }
      } finally {
        await database.drop();
      }
    }
    const ideal = (sessions * CALLS_PER_DAY * LLM_MS * MODELS.length) / PER_WORKER / 1000;
    const note = (workers: number): string =>
      `${MODELS.length} models x ${sessions} sessions, fake LLM ${LLM_MS} ms per call (${CALLS_PER_DAY} calls a day), ` +
      `PostgreSQL, ${workers} worker process(es) x ${PER_WORKER} model-days at once beside one API-only process, ` +
      `prices stored beforehand, trigger to terminal status polled every 50 ms, median of ${repetitions}; ` +
      `ideal ${(ideal / workers).toFixed(1)} s; 1-min load average of this shared 2-core machine ` +
      `${Math.min(...load).toFixed(1)}..${Math.max(...load).toFixed(1)} during the runs`;
    const one = median(walls.get(1) ?? [Number.NaN]);
    for (const workers of workerCounts) {
      const wall = median(walls.get(workers) ?? [Number.NaN]);
      record(`scale.workers_${workers}.wall_s`, wall, 's', note(workers));
      if (workers > 1)
        record(
          `scale.workers_${workers}.speedup`,
          one / wall,
          'x',
          `${note(workers)}; wall of 1 worker / wall of ${workers}`,
        );
    }
  } finally {
    await llm.close();
    await av.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const overhead = await measureLeaseOverhead(baseUrl, { days: quick ? 40 : 80 });
  const what =
    `PostgreSQL, one job of ${overhead.days} model-days claimed and committed by ${overhead.claimers} concurrent claimers ` +
    `(separate connection pools, as processes have), the model-day itself empty; median of each operation`;
  record(
    'scale.lease.claim_ms',
    overhead.claimMs,
    'ms',
    `${what}: claimDay (the runnable-day query and its update, in one transaction)`,
  );
  record(
    'scale.lease.renew_ms',
    overhead.renewMs,
    'ms',
    `${what}: one renewal round of a worker holding ${PER_WORKER} leases`,
  );
  record(
    'scale.lease.commit_check_ms',
    overhead.commitCheckMs,
    'ms',
    `${what}: a day's commit with its lease check, less the same commit without it (as many committers at once)`,
  );
  const dayMs = CALLS_PER_DAY * LLM_MS;
  const renewalsPerDay = dayMs / (15_000 / 3) / PER_WORKER;
  record(
    'scale.lease.overhead_ms_per_model_day',
    overhead.claimMs + overhead.commitCheckMs + renewalsPerDay * overhead.renewMs,
    'ms',
    `${what}: claim + commit check + the share of renewals (every 5 s for ${PER_WORKER} days at once) of a ${dayMs} ms model-day`,
  );
}

/** Stores the job's prices into `url` as its preparation would, so the measured jobs download nothing. */
async function storePrices(url: string, env: Record<string, string>, end: string): Promise<void> {
  const opened = await openDatabase(url);
  try {
    const now = (): Date => new Date('2025-10-31T15:00:00Z');
    const provider = createPriceHistoryProvider(readEnv(env), { now });
    const service = createPriceDataService({ store: new KyselyPriceStore(opened.db), provider, now });
    await service.download(US_MARKET, [...DEFAULT_SYMBOLS, 'QQQ'], addDays(START, -30), end);
  } finally {
    await opened.close();
  }
}
