/**
 * The CLI's evidence against a real server holding the six hand-worked sessions of
 * test/results/evidence-seed.ts: `leaderboard` shows each row's 95 % interval and verdict, the pairs
 * and the cost; `simulate --estimate-cost` prints what the job may cost from the recorded usage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';
import { seedEvidence } from '../results/evidence-seed.js';

function sink() {
  let text = '';
  return { write: (t: string) => ((text += t), true), text: () => text };
}

describe('ai-trader leaderboard and simulate with evidence', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ models: [{ signature: 'steady' }, { signature: 'cash' }] });
    await seedEvidence(server.server.container.database.db);
  });
  afterAll(() => server.close());

  async function cli(...args: string[]) {
    const stdout = sink();
    const stderr = sink();
    const code = await runCli([...args, '--server', server.url], {
      stdout,
      stderr,
      env: { LOG_LEVEL: 'error' },
    });
    return { code, out: stdout.text(), err: stderr.text() };
  }

  it('prints the interval and the verdict of each row, then the pairs and the cost', async () => {
    const run = await cli('leaderboard', '--start', '2025-10-01', '--end', '2025-10-08');
    expect(run.code, run.err).toBe(0);
    const lines = run.out.trimEnd().split('\n');
    expect(lines[1]).toMatch(/\s95% CI\s+vs benchmark$/);
    // steady: 6.12 % in [2.00, 10.41] %, above QQQ on all six sessions (p = 2/64); cash: p = 46/64.
    expect(lines[3]).toMatch(/^1\. steady\s+6\.12%.*\[2\.00, 10\.41\]%\s+p=0\.0313 distinguishable, above$/);
    expect(lines[4]).toMatch(/^2\. cash\s+0\.00%.*\[0\.00, 0\.00\]%\s+p=0\.7188 not distinguishable$/);
    expect(lines[5]).toMatch(/^ {3}QQQ \(benchmark\)\s.*\]%\s+-$/);
    expect(lines.slice(6)).toEqual([
      '95% CI of the return: bootstrap over sessions (runs per model: 1; seed 42, 10000 resamples)',
      'vs benchmark and pairs: paired sign-flip permutation test on session returns, distinguishable at p <= 0.05',
      '  steady vs cash: p=0.2500 not distinguishable',
      'Evidence cost: 12 model-days, 9.0k/900 tokens, $0.0900',
    ]);
  });

  it('prints the table it always printed with --no-evidence', async () => {
    const run = await cli('leaderboard', '--start', '2025-10-01', '--end', '2025-10-08', '--no-evidence');
    expect(run.code, run.err).toBe(0);
    expect(run.out).not.toContain('95% CI');
    expect(run.out.trimEnd().split('\n')).toHaveLength(6);
  });

  it('prints the estimate of a job before following it', async () => {
    const run = await cli(
      'simulate',
      '--start',
      '2025-10-09',
      '--end',
      '2025-10-10',
      '--estimate-cost',
      '--no-follow',
    );
    expect(run.code, run.err).toBe(0);
    // Two sessions each: steady 2 * (1000 + 100) tokens and 2 * $0.01; cash 2 * (500 + 50) and 2 * $0.005.
    expect(run.out).toContain('  steady: 2 model-days, 2,000 prompt + 200 completion tokens, $0.0200\n');
    expect(run.out).toContain('  cash: 2 model-days, 1,000 prompt + 100 completion tokens, $0.0100\n');
    expect(run.out).toContain('  total: 4 model-days, 3,000 prompt + 300 completion tokens, $0.0300\n');
    const jobId = /job ([0-9a-f-]{36})/.exec(run.out)?.[1] ?? '';
    await server.waitFor(jobId);
  });
});
