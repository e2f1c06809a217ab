/**
 * The three roles of one environment, in turn on one database: `serve --no-worker` takes a trigger
 * and runs nothing, `worker` (no port) runs the job, and an API process serves what it did.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerServeCommand } from '../../src/cli/commands/serve.js';
import { registerWorkerCommand } from '../../src/cli/commands/worker.js';
import { buildCli } from '../../src/cli/main.js';
import { openDatabase } from '../../src/store/open-database.js';
import {
  fakeAlphaVantageEnv,
  startFakeAlphaVantage,
  type FakeAlphaVantage,
} from '../fakes/fake-alphavantage.js';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/fake-openai.js';
import { AV_KEY, basemodelOf, buyAndFinish, testConfig } from '../helpers/http-server.js';
import { gate, heldOn } from '../helpers/server-process.js';
import { until } from '../helpers/until.js';

function sink(): { write(text: string): boolean; text(): string } {
  let text = '';
  return { write: (chunk: string) => ((text += chunk), true), text: () => text };
}

interface Running {
  stdout: () => string;
  stderr: () => string;
  stop(): Promise<void>;
}

describe('ai-trader serve --no-worker and ai-trader worker', () => {
  let dir: string;
  let env: Record<string, string>;
  let llm: FakeOpenAi;
  let av: FakeAlphaVantage;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ai-trader-roles-'));
    llm = await startFakeOpenAi();
    av = await startFakeAlphaVantage({ key: AV_KEY });
    llm.script(basemodelOf('alpha'), buyAndFinish('AAPL', 1));
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify(testConfig({ models: [{ signature: 'alpha' }] }, llm.baseURL)),
    );
    env = {
      CONFIG_PATH: join(dir, 'config.json'),
      DATABASE_URL: join(dir, 'roles.db'),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...fakeAlphaVantageEnv(av, AV_KEY),
    };
  });
  afterEach(async () => {
    await Promise.all([llm.close(), av.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs one command of the CLI in this process until `stop()`. */
  function run(args: string[]): Running {
    const stdout = sink();
    const stderr = sink();
    let stop: (signal: string) => void = () => undefined;
    const stopped = new Promise<string>((r) => (stop = r));
    const program = buildCli({ env, stdout, stderr }, [
      {
        register: (p, ctx) => {
          registerServeCommand(p, { ...ctx, shutdownSignal: () => stopped });
          registerWorkerCommand(p, { ...ctx, shutdownSignal: () => stopped });
        },
      },
    ]);
    const done = program.parseAsync(args, { from: 'user' });
    return {
      stdout: stdout.text,
      stderr: stderr.text,
      stop: async () => {
        stop('SIGTERM');
        await done;
      },
    };
  }

  const urlOf = (api: Running): Promise<string> =>
    until('the API to listen', async () => /listening on (http:\/\/\S+)/.exec(api.stdout())?.[1]);

  it('cancels a pending job at once from an API-only process, with no worker anywhere', async () => {
    const api = run(['serve', '--port', '0', '--no-worker']);
    const url = await urlOf(api);
    const trigger = await fetch(`${url}/simulate/trigger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ start_date: '2025-10-01', end_date: '2025-10-02' }),
    });
    const { job_id: jobId } = (await trigger.json()) as { job_id: string };
    const cancel = await fetch(`${url}/simulate/jobs/${jobId}/cancel`, { method: 'POST' });
    expect(cancel.status).toBe(200);
    expect(await cancel.json()).toMatchObject({
      status: 'failed',
      error: 'Cancelled by user',
      progress: { total_model_days: 2, skipped: 2 },
    });
    // Its slot is free again.
    const next = await fetch(`${url}/simulate/trigger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ start_date: '2025-10-01', end_date: '2025-10-02' }),
    });
    expect(next.status).toBe(200);
    await api.stop();
  });

  it('takes a trigger without a worker, runs it in a worker without a port, and serves it from any API process', async () => {
    const api = run(['serve', '--port', '0', '--no-worker']);
    const url = await urlOf(api);
    expect(api.stdout()).toContain('API only: no job worker');
    const trigger = await fetch(`${url}/simulate/trigger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ start_date: '2025-10-01', end_date: '2025-10-02' }),
    });
    expect(trigger.status).toBe(200);
    const { job_id: jobId } = (await trigger.json()) as { job_id: string };
    await api.stop();
    // Nobody claimed it: an API-only process runs no job.
    expect(api.stderr()).not.toContain('job claimed');
    expect(llm.requests()).toHaveLength(0);

    const worker = run(['worker']);
    await until('the worker to start', async () =>
      worker.stdout().includes('running on') ? true : undefined,
    );
    expect(worker.stdout()).toMatch(
      /^AI-Trader-Server worker w-[0-9a-f]+-\d+-[0-9a-f]+ running on .*roles\.db \(SQLite\) \(no HTTP port\)\n$/,
    );
    const database = await openDatabase(env['DATABASE_URL']);
    try {
      await until(
        'the worker to finish the job',
        async () => {
          const job = await database.db
            .selectFrom('jobs')
            .select('status')
            .where('job_id', '=', jobId)
            .executeTakeFirst();
          return job?.status === 'completed' ? true : undefined;
        },
        20_000,
      );
    } finally {
      await database.close();
    }
    await worker.stop();
    expect(worker.stderr()).toContain('worker stopped');

    const reader = run(['serve', '--port', '0', '--no-worker']);
    const again = await urlOf(reader);
    const status = (await (await fetch(`${again}/simulate/status/${jobId}`)).json()) as Record<
      string,
      unknown
    >;
    expect(status).toMatchObject({ status: 'completed', progress: { total_model_days: 2, completed: 2 } });
    await reader.stop();
  }, 60_000);

  it('hands the lease of a model-day it was running back as it stops, for any worker anywhere to take at once', async () => {
    // In containers, or on two machines, no worker can see that a stopped one is gone: unless the
    // lease is handed back, its day waits the lease out.
    const release = gate();
    const held = heldOn('2025-10-02', release);
    llm.script(basemodelOf('alpha'), held.handler);
    const api = run(['serve', '--port', '0', '--no-worker']);
    const url = await urlOf(api);
    const worker = run(['worker']);
    const trigger = await fetch(`${url}/simulate/trigger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ start_date: '2025-10-01', end_date: '2025-10-03' }),
    });
    const { job_id: jobId } = (await trigger.json()) as { job_id: string };
    await held.arrived.promise;
    await worker.stop();
    release.open();
    const stoppedAt = new Date().toISOString();

    const database = await openDatabase(env['DATABASE_URL']);
    try {
      const day = await database.db
        .selectFrom('job_details')
        .select(['status', 'lease_expires_at'])
        .where('job_id', '=', jobId)
        .where('date', '=', '2025-10-02')
        .executeTakeFirstOrThrow();
      expect(day.status).toBe('running');
      expect(day.lease_expires_at! <= stoppedAt).toBe(true);
    } finally {
      await database.close();
    }
    await api.stop();
  }, 60_000);
});
