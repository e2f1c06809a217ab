import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';

function sink() {
  let text = '';
  return { write: (t: string) => ((text += t), true), text: () => text };
}

async function cli(args: string[]) {
  const stdout = sink();
  const stderr = sink();
  const code = await runCli(args, { stdout, stderr, env: { LOG_LEVEL: 'error' } });
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

    const status = await onServer('status', jobId);
    expect(status.out).toContain(`job ${jobId}: completed`);

    const results = await onServer('results', '--start', '2025-10-01', '--end', '2025-10-02');
    expect(results.out).toMatch(/alpha\s+2025-10-01\s+2025-10-02/);

    const single = await onServer('results', '--start', '2025-10-02', '--end', '2025-10-02', '--json');
    expect(JSON.parse(single.out).results).toHaveLength(2);
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
