import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';

function sink() {
  let text = '';
  return { write: (t: string) => ((text += t), true), text: () => text };
}

describe('ai-trader demo', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ai-trader-demo-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the mock models over synthetic prices through the API and prints the leaderboard with QQQ', async () => {
    const stdout = sink();
    const stderr = sink();
    const code = await runCli(['demo', '--exit', '--port', '0', '--sessions', '5'], {
      stdout,
      stderr,
      // A key in the environment must not take the demo online.
      env: {
        DATABASE_URL: join(dir, 'demo.db'),
        ALPHAADVANTAGE_API_KEY: 'would-be-real',
        LOG_LEVEL: 'error',
      },
      now: () => new Date('2025-11-03T15:00:00Z'),
    });
    const out = stdout.text();
    expect(code, stderr.text()).toBe(0);
    // The dashboard first, to open while the job runs (with a hint when it is not built).
    expect(out.split('\n')[0]).toMatch(
      /^Dashboard: http:\/\/127\.0\.0\.1:\d+\/( \(not built yet: run npm run build to see it\))?$/,
    );
    expect(out).toContain('trade 2025-10-27 to 2025-10-31');
    expect(out).toContain('Synthetic demo prices');
    expect(out).toMatch(/model-days: 20 total, 20 completed, 0 failed/);
    expect(out).toContain('QQQ (benchmark)');
    for (const model of ['gpt-4o', 'claude-sonnet-4', 'deepseek-v3', 'qwen3-max'])
      expect(out).toContain(model);
    expect(out).toMatch(/API docs: http:\/\/127\.0\.0\.1:\d+\/docs/);
    // DEV mode: the demo works on a `-dev` sibling and never touches the configured database.
    expect(existsSync(join(dir, 'demo-dev.db'))).toBe(true);
    expect(existsSync(join(dir, 'demo.db'))).toBe(false);
  });

  it('runs offline in another market: --market crypto trades every UTC day from 50,000 USDT', async () => {
    const stdout = sink();
    const stderr = sink();
    const code = await runCli(['demo', '--exit', '--port', '0', '--sessions', '3', '--market', 'crypto'], {
      stdout,
      stderr,
      env: {
        DATABASE_URL: join(dir, 'demo.db'),
        ALPHAADVANTAGE_API_KEY: 'would-be-real',
        LOG_LEVEL: 'error',
      },
      now: () => new Date('2025-11-03T15:00:00Z'),
    });
    const out = stdout.text();
    expect(code, stderr.text()).toBe(0);
    // Saturday and Sunday are sessions too: the three days before Monday 3 November.
    expect(out).toContain('trade 2025-10-31 to 2025-11-02 in crypto (Crypto, USDT)');
    expect(out).toContain('market: crypto, 3 dates');
    expect(out).toMatch(/model-days: 12 total, 12 completed, 0 failed/);
  });

  it('refuses an unknown market with a usage error', async () => {
    const stderr = sink();
    const code = await runCli(['demo', '--exit', '--market', 'forex'], { stdout: sink(), stderr, env: {} });
    expect(code).toBe(2);
    expect(stderr.text()).toContain('Expected one of us, cn, crypto');
  });

  it('refuses a bad --sessions value with a usage error', async () => {
    const stderr = sink();
    const code = await runCli(['demo', '--exit', '--sessions', '0'], { stdout: sink(), stderr, env: {} });
    expect(code).toBe(2);
    expect(stderr.text()).toContain('Expected a whole number from 1 to 21');
  });
});
