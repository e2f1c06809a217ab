import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/open-database.js';
import {
  fakeAlphaVantageEnv,
  startFakeAlphaVantage,
  type FakeAlphaVantage,
} from '../fakes/fake-alphavantage.js';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/fake-openai.js';
import { AV_KEY, basemodelOf, buyAndFinish, testConfig } from '../helpers/http-server.js';
import { checkInvariants } from '../helpers/invariants.js';
import { until } from '../helpers/until.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const MODELS = ['alpha', 'beta'];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('crash recovery (a real server process killed with SIGKILL)', () => {
  let dir: string;
  let llm: FakeOpenAi;
  let av: FakeAlphaVantage;
  let child: ChildProcess | undefined;
  let url: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ai-trader-crash-'));
    llm = await startFakeOpenAi();
    av = await startFakeAlphaVantage({ key: AV_KEY });
    // Slow enough that the kill lands mid-job: three LLM calls of 120 ms per model-day.
    for (const m of MODELS) llm.script(basemodelOf(m), buyAndFinish('AAPL', 2, 120));
    const configPath = join(dir, 'config.json');
    const config = testConfig({ models: MODELS.map((signature) => ({ signature })) }, llm.baseURL);
    writeFileSync(configPath, JSON.stringify(config));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CONFIG_PATH: configPath,
      DATABASE_URL: join(dir, 'crash.db'),
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...fakeAlphaVantageEnv(av, AV_KEY),
    };
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await llm.close();
    await av.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function startChild(): Promise<void> {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    await until('the server to answer /health', async () => {
      if (child?.exitCode !== null) throw new Error(`server exited early: ${stderr}`);
      const res = await fetch(`${url}/health`);
      return res.ok ? true : undefined;
    });
  }

  const status = async (jobId: string) =>
    (await (await fetch(`${url}/simulate/status/${jobId}`)).json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('resumes the interrupted job after a restart and never leaves a half-written model-day', async () => {
    await startChild();
    const res = await fetch(`${url}/simulate/trigger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ start_date: '2025-10-01', end_date: '2025-10-08', models: MODELS }),
    });
    expect(res.status).toBe(200);
    const { job_id: jobId, total_model_days: total } = (await res.json()) as {
      job_id: string;
      total_model_days: number;
    };
    expect(total).toBe(12);

    await until('some model-days to complete', async () => {
      const s = await status(jobId);
      return s.progress.completed >= 3 ? s : undefined;
    });
    child?.kill('SIGKILL');
    await new Promise((r) => child?.once('exit', r));

    // On disk after the kill: every committed day is whole and matches its detail.
    const db = await openDatabase(env.DATABASE_URL);
    try {
      const days = await db.db.selectFrom('trading_days').selectAll().execute();
      const details = await db.db.selectFrom('job_details').selectAll().where('job_id', '=', jobId).execute();
      const completed = details
        .filter((d) => d.status === 'completed')
        .map((d) => `${d.model}|${d.date}`)
        .sort();
      expect(days.map((d) => `${d.model}|${d.date}`).sort()).toEqual(completed);
      expect(completed.length).toBeLessThan(12);
      expect(await checkInvariants(db.db, { initialCash: 10_000 })).toEqual([]);
      for (const day of days) {
        const logs = await db.db
          .selectFrom('reasoning_logs')
          .select('id')
          .where('trading_day_id', '=', day.id)
          .execute();
        const usage = await db.db
          .selectFrom('token_usage')
          .select('id')
          .where('trading_day_id', '=', day.id)
          .execute();
        const trades = await db.db
          .selectFrom('trades')
          .select('id')
          .where('trading_day_id', '=', day.id)
          .execute();
        expect(logs.length).toBeGreaterThan(0);
        expect(usage).toHaveLength(3);
        expect(trades).toHaveLength(1);
      }
    } finally {
      await db.close();
    }

    await startChild();
    const final = await until(
      'the resumed job to finish',
      async () => {
        const s = await status(jobId);
        return ['completed', 'partial', 'failed'].includes(s.status) ? s : undefined;
      },
      60_000,
    );
    expect(final.status).toBe('completed');
    expect(final.progress).toMatchObject({ total_model_days: 12, completed: 12, failed: 0, pending: 0 });
    expect(
      (final.warnings as string[]).some((w) => w.startsWith('Job interrupted by a server restart')),
    ).toBe(true);

    // The portfolio chains across the crash: each day starts with the cash the previous one ended with.
    const after = await openDatabase(env.DATABASE_URL);
    try {
      for (const model of MODELS) {
        const days = await after.db
          .selectFrom('trading_days')
          .selectAll()
          .where('model', '=', model)
          .where('superseded_at', 'is', null)
          .orderBy('date')
          .execute();
        expect(days).toHaveLength(6);
        for (let i = 1; i < days.length; i++) expect(days[i]?.starting_cash).toBe(days[i - 1]?.ending_cash);
      }
      expect(await checkInvariants(after.db, { initialCash: 10_000 })).toEqual([]);
    } finally {
      await after.close();
      child?.kill('SIGTERM');
    }
  }, 120_000);
});
