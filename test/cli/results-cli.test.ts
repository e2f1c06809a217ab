/**
 * `ai-trader results` and `leaderboard` per market, against a real server holding one model's us,
 * crypto and cn days (test/results/market-seed.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { seedThreeMarkets } from '../results/market-seed.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';

function sink() {
  let text = '';
  return { write: (t: string) => ((text += t), true), text: () => text };
}

describe('ai-trader results and leaderboard --market', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ models: [{ signature: 'alpha' }] });
    await seedThreeMarkets(server.server.container.database.db);
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

  it("prints a crypto leaderboard in USDT with the CD5 row, and the server's market without --market", async () => {
    const crypto = await cli('leaderboard', '--market', 'crypto');
    expect(crypto.code, crypto.err).toBe(0);
    const lines = crypto.out.split('\n');
    expect(lines[0]).toBe('Leaderboard (crypto, USDT, 2025-11-02 to 2025-11-04)');
    expect(lines[3]).toMatch(/^1\. alpha\s+0\.99%\s+50,494\.9500 USDT\s+1\s/);
    expect(lines[4]).toMatch(/^ {3}CD5 \(benchmark\)\s+-9\.54%\s+45,229\.7427 USDT\s+-\s/);

    const us = await cli('leaderboard');
    expect(us.out.split('\n')[0]).toBe('Leaderboard (2025-11-03 to 2025-11-05)');
    expect(us.out).toMatch(/QQQ \(benchmark\)\s+2\.00%\s+\$10,200\.00\s/);
  });

  it('prints cn results in yuan, naming the market', async () => {
    const run = await cli('results', '--market', 'cn', '--start', '2025-11-03', '--end', '2025-11-04');
    expect(run.code, run.err).toBe(0);
    expect(run.out.split('\n')[0]).toBe('Results (cn, CNY)');
    expect(run.out).toMatch(/alpha\s+2025-11-03\s+2025-11-04\s+¥100,000\.00\s+¥100,500\.00\s+0\.5%/);
  });

  it('refuses a market it does not know with a usage message and exit 2', async () => {
    const run = await cli('leaderboard', '--market', 'eu');
    expect(run.code).toBe(2);
    expect(run.err).toContain(
      "option '--market <market>' argument 'eu' is invalid. Expected one of us, cn, crypto.",
    );
  });

  it("passes on the server's refusal of a market that contradicts the job", async () => {
    const run = await cli('leaderboard', '--job', 'crypto-1', '--market', 'us');
    expect(run.code).toBe(1);
    expect(run.err).toContain('market=us contradicts job_id crypto-1, which trades the crypto market');
  });
});
