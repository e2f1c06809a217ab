/** `ai-trader serve`: starts, answers, stops cleanly on a signal; refuses a bad config readably. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerServeCommand } from '../../src/cli/commands/serve.js';
import { buildCli, runCli } from '../../src/cli/main.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function sink(): { write(text: string): boolean; text(): string } {
  let text = '';
  return {
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
    text: () => text,
  };
}

const VALID_CONFIG = {
  models: [
    {
      name: 'Alpha',
      basemodel: 'fake-alpha',
      signature: 'alpha',
      openai_base_url: 'http://127.0.0.1:9/v1',
      openai_api_key: 'sk-unused',
    },
  ],
};

describe('ai-trader serve', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ai-trader-serve-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify(VALID_CONFIG));
    env = {
      CONFIG_PATH: join(dir, 'config.json'),
      DATABASE_URL: join(dir, 'serve.db'),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('listens, answers /health, and shuts down when told to', async () => {
    const { url, stderr, stop } = await serveInProcess(env);
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'healthy', database: 'connected' });

    await stop('SIGTERM');
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    expect(stderr.text()).toContain('server stopped');
  });

  it('lists every config problem and exits 1 without a stack trace', async () => {
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ models: [{ name: 'x', signature: 'bad sig!' }], agent_config: { max_steps: 0 } }),
    );
    const stderr = sink();
    const code = await runCli(['serve', '--port', '0'], { env, stdout: sink(), stderr });
    expect(code).toBe(1);
    const text = stderr.text();
    expect(text).toContain('models.0.basemodel');
    expect(text).toContain('models.0.signature');
    expect(text).toContain('agent_config.max_steps');
    expect(text).not.toMatch(/\n\s+at /);
  });

  it("starts on the original server's config file and says once what it does with its keys", async () => {
    writeFileSync(join(dir, 'config.json'), readFileSync(join(repoRoot, 'test/data/original-config.json')));
    const { url, stderr, stop } = await serveInProcess(env);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    await stop('SIGTERM');

    const messages = stderr
      .text()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string });
    const once = (pattern: RegExp): { level: number; msg: string } => {
      const found = messages.filter((m) => pattern.test(m.msg));
      expect(found, String(pattern)).toHaveLength(1);
      return found[0] as { level: number; msg: string };
    };
    once(/^config agent_type "BaseAgent"/);
    once(/^config date_range 2025-10-01\.\.2025-10-21/);
    once(/^config log_config\.log_path "\.\/data\/agent_data" is not used/);
    // PROD without a price key: said at start-up, not first discovered as 102 failed downloads.
    expect(once(/^ALPHAADVANTAGE_API_KEY is not set/).level).toBe(40);
  });

  it('names the database and the setting it came from when it cannot be opened, password masked', async () => {
    const stderr = sink();
    const unreachable = { ...env, DATABASE_URL: 'postgres://trader:s3cret-pw@127.0.0.1:1/arena' };
    const code = await runCli(['serve', '--port', '0'], { env: unreachable, stdout: sink(), stderr });
    expect(code).toBe(1);
    expect(stderr.text()).toContain(
      'cannot open the database postgres://trader:***@127.0.0.1:1/arena (PostgreSQL), named by DATABASE_URL: ',
    );
    expect(stderr.text()).toContain('ECONNREFUSED');
    expect(stderr.text()).not.toContain('s3cret-pw');
  });

  it('rejects a bad --port as a usage error', async () => {
    const code = await runCli(['serve', '--port', '99999'], { env, stdout: sink(), stderr: sink() });
    expect(code).toBe(2);
  });

  it('stops gracefully on SIGTERM as a real process', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0'], {
      cwd: repoRoot,
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      const url = await waitForUrl(() => stdout, 20_000);
      expect((await fetch(`${url}/health`)).status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toContain('server stopped');
    } finally {
      child.kill('SIGKILL');
    }
  });
});

/**
 * `serve --port 0` run in this process, with the shutdown signal in the test's hands: `stop` sends it
 * and resolves once the command has returned.
 */
async function serveInProcess(env: Record<string, string>): Promise<{
  url: string;
  stderr: ReturnType<typeof sink>;
  stop(signal: string): Promise<void>;
}> {
  const stdout = sink();
  const stderr = sink();
  let signal: (name: string) => void = () => undefined;
  const stopped = new Promise<string>((r) => (signal = r));
  const program = buildCli({ env, stdout, stderr }, [
    { register: (p, ctx) => registerServeCommand(p, { ...ctx, shutdownSignal: () => stopped }) },
  ]);
  const running = program.parseAsync(['serve', '--port', '0'], { from: 'user' });
  const url = await waitForUrl(() => stdout.text());
  return {
    url,
    stderr,
    async stop(name) {
      signal(name);
      await running;
    },
  };
}

async function waitForUrl(output: () => string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = /listening on (http:\/\/\S+)/.exec(output());
    if (match?.[1]) return match[1];
    if (Date.now() > deadline) throw new Error(`server did not start; output so far:\n${output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
