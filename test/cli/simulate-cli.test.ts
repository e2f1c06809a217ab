import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';

function sink() {
  let text = '';
  return { write: (t: string) => ((text += t), true), text: () => text };
}

async function cli(args: string[], env: Record<string, string> = {}) {
  const stdout = sink();
  const stderr = sink();
  const code = await runCli(args, { stdout, stderr, env: { LOG_LEVEL: 'error', ...env } });
  return { code, out: stdout.text(), err: stderr.text() };
}

describe('ai-trader simulate, status, results, leaderboard (against a running server)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  /** Runs the CLI against the test server: `--server <url>` goes last. */
  const onServer = (...args: string[]) => cli([...args, '--server', server.url]);

  it('triggers, follows to the end and prints the leaderboard; then reads status and results', async () => {
    const run = await onServer('simulate', '--start', '2025-10-01', '--end', '2025-10-02');
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('Simulation job created for 2 dates, 2 models');
    expect(run.out).toMatch(/model-days: 4 total, 4 completed/);
    expect(run.out).toContain('Leaderboard (2025-10-01 to 2025-10-02)');
    expect(run.out).toContain('QQQ (benchmark)');
    const jobId = /job ([0-9a-f-]{36})/.exec(run.out)?.[1] ?? '';
    // It followed the job's event stream, not by polling its status.
    const followed = server.logs.filter((l) =>
      String(l['url'] ?? '').startsWith(`/simulate/status/${jobId}`),
    );
    expect(followed.map((l) => l['url'])).toEqual([`/simulate/status/${jobId}/events`]);

    const status = await onServer('status', jobId);
    expect(status.out).toContain(`job ${jobId}: completed`);

    const results = await onServer('results', '--start', '2025-10-01', '--end', '2025-10-02');
    expect(results.out).toMatch(/alpha\s+2025-10-01\s+2025-10-02/);

    const single = await onServer('results', '--start', '2025-10-02', '--end', '2025-10-02', '--json');
    expect(JSON.parse(single.out).results).toHaveLength(2);

    const beta = await onServer('leaderboard', '--model', 'beta');
    expect(beta.code, beta.err).toBe(0);
    expect(beta.out).toMatch(/1\. beta\s/);
    // No row for the alpha model (the table's "alpha" column is Jensen's alpha, not the model).
    expect(beta.out).not.toMatch(/^\s*\d+\. alpha\b/m);
    expect(beta.out).toContain('QQQ (benchmark)');
  });

  it("reports the server's own message and exits 1 on a refused trigger", async () => {
    const run = await onServer('simulate', '--start', '2025-10-05', '--end', '2025-10-01');
    expect(run.code).toBe(1);
    expect(run.err).toContain('start_date (2025-10-05) must be <= end_date (2025-10-01)');
  });

  it('says so when no server answers', async () => {
    const run = await cli(['status', 'nope', '--server', 'http://127.0.0.1:9']);
    expect(run.code).toBe(1);
    expect(run.err).toContain('cannot reach the server');
  });
});

describe('ai-trader simulate when model-days fail', () => {
  let server: TestServer;
  beforeAll(async () => {
    // beta's provider refuses its key: every one of its days fails for the same reason.
    server = await startTestServer({
      scripts: { beta: { status: 401, body: { error: { message: 'bad key' } } } },
    });
  });
  afterAll(() => server.close());

  it('prints why days failed, grouped by reason, naming the model, its endpoint and the key setting', async () => {
    const run = await cli([
      'simulate',
      '--start',
      '2025-10-01',
      '--end',
      '2025-10-02',
      '--server',
      server.url,
    ]);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/job [0-9a-f-]{36}: partial/);
    expect(run.out).toContain('  failed model-days (2):');
    const reason = run.out.split('\n').find((line) => line.startsWith('    Execution failed:')) ?? '';
    expect(reason).toContain(`model beta (fake-beta) at ${server.llm.baseURL}`);
    expect(reason).toContain('the API key from models[beta].openai_api_key was refused (HTTP 401)');
    expect(run.out).toContain('      beta: 2025-10-01, 2025-10-02');
    // One reason line for both days, not one per day.
    expect(run.out.split('\n').filter((line) => line.startsWith('    Execution failed:'))).toHaveLength(1);
  });
});

describe("ai-trader simulate and the config file's date_range", () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    server = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'ai-trader-range-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes its dates from date_range when neither --start nor --end is given', async () => {
    const config = join(dir, 'original.json');
    const original = JSON.parse(readFileSync('test/data/original-config.json', 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(
      config,
      JSON.stringify({ ...original, date_range: { init_date: '2025-10-06', end_date: '2025-10-07' } }),
    );
    const run = await cli(['simulate', '--no-follow', '--server', server.url], { CONFIG_PATH: config });
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain(`Dates from date_range in ${config}: 2025-10-06 to 2025-10-07`);
    expect(run.out).toContain('Simulation job created for 2 dates, 2 models');
  });

  it('asks for --end when the config has no date_range', async () => {
    const config = join(dir, 'plain.json');
    writeFileSync(config, JSON.stringify({ models: [{ name: 'a', basemodel: 'x', signature: 'a' }] }));
    const run = await cli(['simulate', '--server', server.url], { CONFIG_PATH: config });
    expect(run.code).toBe(2);
    expect(run.err).toContain(`--end is required (or set date_range in ${config})`);
  });
});
