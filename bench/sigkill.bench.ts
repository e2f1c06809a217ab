/**
 * Crash safety under repeated SIGKILL: one job (PROD path: fake Alpha Vantage, fake LLM with real
 * latency, SQLite) is killed at random moments, restarted each time, and after every kill the
 * database is checked against the invariants in docs/reliability.md. Measures, never fails: the
 * figures are the kills survived, the invariant violations found (0 expected) and the final status.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUMMARY_REQUEST } from '../src/core/prompt.js';
import { createRng } from '../src/market-data/demo/prng.js';
import { openDatabase } from '../src/store/open-database.js';
import { fakeAlphaVantageEnv, startFakeAlphaVantage } from '../test/fakes/fake-alphavantage.js';
import { startFakeOpenAi, type FakeHandler } from '../test/fakes/fake-openai.js';
import { AV_KEY, basemodelOf, testConfig } from '../test/helpers/http-server.js';
import { checkInvariants } from '../test/helpers/invariants.js';
import type { BenchContext } from './report.js';
import { jobState, TERMINAL_STATUSES, triggerJob, waitForJob } from './job-client.js';
import { startServerProcess } from './server-process.js';

const MODELS = ['k1', 'k2', 'k3', 'k4'];
/** Slow enough that one job outlasts 20 kills at random moments (a model-day is three calls). */
const LLM_DELAY_MS = 200;
const RANGE = { start_date: '2025-09-02', end_date: '2025-09-30' };

/** Buys or sells a little at random on each first call, then finishes; every answer takes `delayMs`. */
function tradeThenFinish(seed: number, delayMs: number): FakeHandler {
  const rng = createRng(seed);
  return (body) => {
    const last = body.messages[body.messages.length - 1];
    if (last?.role === 'user' && last.content === SUMMARY_REQUEST)
      return { content: 'Traded a little.', delayMs };
    if (body.messages.some((m) => m.role === 'assistant'))
      return { content: 'Done. <FINISH_SIGNAL>', delayMs };
    const symbol = ['AAPL', 'MSFT', 'NVDA'][Math.floor(rng.uniform() * 3)] as string;
    const name = rng.uniform() < 0.6 ? 'buy' : 'sell';
    return {
      toolCalls: [{ name, arguments: { symbol, amount: 1 + Math.floor(rng.uniform() * 5) } }],
      delayMs,
    };
  };
}

export async function run({ quick, record }: BenchContext): Promise<void> {
  const kills = quick ? 5 : 20;
  const dir = mkdtempSync(join(tmpdir(), 'bench-sigkill-'));
  const llm = await startFakeOpenAi();
  const av = await startFakeAlphaVantage({ key: AV_KEY });
  MODELS.forEach((m, i) => llm.script(basemodelOf(m), tradeThenFinish(i + 1, LLM_DELAY_MS)));
  const configPath = join(dir, 'config.json');
  writeFileSync(
    configPath,
    JSON.stringify(testConfig({ models: MODELS.map((signature) => ({ signature })) }, llm.baseURL)),
  );
  const dbPath = join(dir, 'sigkill.db');
  const env = {
    CONFIG_PATH: configPath,
    DATABASE_URL: dbPath,
    LOG_LEVEL: 'error',
    ...fakeAlphaVantageEnv(av, AV_KEY),
  };
  const rng = createRng(20251129);
  let violations = 0;
  let killed = 0;
  let finalStatus = 'unknown';
  try {
    let server = await startServerProcess(env);
    const { jobId } = await triggerJob(server.url, RANGE);
    while (killed < kills) {
      // A random moment of the job: somewhere in the next 50..800 ms.
      await new Promise((r) => setTimeout(r, 50 + Math.floor(rng.uniform() * 750)));
      const { status } = await jobState(server.url, jobId);
      if (TERMINAL_STATUSES.includes(status)) break;
      server.child.kill('SIGKILL');
      await new Promise<void>((r) => server.child.once('exit', () => r()));
      killed += 1;
      const found = await inspect(dbPath);
      if (found.length > 0) console.log(`sigkill: after kill ${killed}: ${found.join('; ')}`);
      violations += found.length;
      server = await startServerProcess(env);
    }
    finalStatus = (await waitForJob(server.url, jobId)).status;
    const found = await inspect(dbPath);
    violations += found.length;
    await server.close();
  } finally {
    await llm.close();
    await av.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const what = `one job of ${MODELS.length} models x ${RANGE.start_date}..${RANGE.end_date}, fake LLM ${LLM_DELAY_MS} ms per call, SQLite, PROD path; killed with SIGKILL at random moments (50..800 ms apart) and restarted; invariants checked after each kill and at the end`;
  record('sigkill.kills', killed, 'kills', what);
  record('sigkill.invariant_violations', violations, 'violations', what);
  record(
    'sigkill.final_status_completed',
    finalStatus === 'completed' ? 1 : 0,
    'bool',
    `${what}; final status ${finalStatus}`,
  );
}

async function inspect(path: string): Promise<string[]> {
  const database = await openDatabase(path);
  try {
    return await checkInvariants(database.db, { initialCash: 10_000 });
  } finally {
    await database.close();
  }
}
