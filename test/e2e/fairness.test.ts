/**
 * A job of zero-latency models (DEV mocks, cassette replays) must not starve the server: requests are
 * answered while it runs, and a shutdown is heard mid-job. Asserted by order of events, not by time.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/open-database.js';
import { startTestServer, type Json, type TestServer } from '../helpers/http-server.js';
import { until } from '../helpers/until.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const MODELS = ['m1', 'm2', 'm3', 'm4'].map((signature) => ({ signature }));
// 41 sessions x 4 models of instant mock trading: long enough to be caught in the middle.
const RANGE = { start_date: '2025-08-04', end_date: '2025-09-30' };

describe('a job of instant models', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('leaves the server answering while it runs', async () => {
    server = await startTestServer({
      models: MODELS,
      env: { DEPLOYMENT_MODE: 'DEV', MAX_SIMULATION_DAYS: '60' },
    });
    const trigger = await server.trigger(RANGE);
    expect(trigger.status, JSON.stringify(trigger.body)).toBe(200);
    const jobId = trigger.body['job_id'] as string;
    const total = trigger.body['total_model_days'] as number;

    // Caught early in the run: some days done, most still to go.
    const caught = await server.waitFor(jobId, (s) => {
      const progress = s['progress'] as Json;
      const status = s['status'] as string;
      if (status === 'pending' || status === 'downloading_data') return false;
      return status !== 'running' || progress['completed'] > 0;
    });
    expect(caught['status'], 'the job was never seen running').toBe('running');
    expect((caught['progress'] as Json)['completed']).toBeLessThan(total / 2);

    // Answered while the job still runs, not after it: the health check does not wait for the job.
    const health = await server.request('GET', '/health');
    expect(health.status).toBe(200);
    const during = await server.status(jobId);
    expect(during['status']).toBe('running');
    expect((during['progress'] as Json)['pending']).toBeGreaterThan(0);

    expect((await server.waitFor(jobId, undefined, 60_000))['status']).toBe('completed');
  });
});

describe('ai-trader serve running a job of instant models', () => {
  it('hears SIGTERM in the middle of the job and stops, leaving it to be resumed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ai-trader-sigterm-'));
    const config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        models: MODELS.map(({ signature }) => ({
          name: signature,
          basemodel: `mock-${signature}`,
          signature,
        })),
      }),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0'], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        DEPLOYMENT_MODE: 'DEV',
        PRESERVE_DEV_DATA: 'true',
        MAX_SIMULATION_DAYS: '60',
        CONFIG_PATH: config,
        DATABASE_URL: join(dir, 'fair.db'),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const url = await until(
        'the server to listen',
        async () => /listening on (http:\/\/\S+)/.exec(out)?.[1],
      );
      const trigger = await (
        await fetch(`${url}/simulate/trigger`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(RANGE),
        })
      ).json();
      const jobId = (trigger as Json)['job_id'] as string;
      await until('the job to be running', async () => {
        const status = (await (await fetch(`${url}/simulate/status/${jobId}`)).json()) as Json;
        return status['status'] === 'running' && (status['progress'] as Json)['completed'] > 0
          ? true
          : undefined;
      });

      child.kill('SIGTERM');
      expect(await exited).toBe(0);

      // It stopped mid-job: the job is still active (resumed at the next start), and every day
      // written has its detail completed, none half-written.
      const database = await openDatabase(join(dir, 'fair-dev.db'));
      try {
        const job = await database.db
          .selectFrom('jobs')
          .select('status')
          .where('job_id', '=', jobId)
          .executeTakeFirstOrThrow();
        expect(['running', 'pending']).toContain(job.status);
        const details = await database.db
          .selectFrom('job_details')
          .select(['status'])
          .where('job_id', '=', jobId)
          .execute();
        const days = await database.db
          .selectFrom('trading_days')
          .select('id')
          .where('job_id', '=', jobId)
          .execute();
        expect(details.filter((d) => d.status === 'completed')).toHaveLength(days.length);
        expect(days.length).toBeLessThan(details.length);
      } finally {
        await database.close();
      }
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
