/** A server in its own process, for benchmarks that measure its CPU or its answers under load. */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** SIGTERM, then resolves with the milliseconds until the process exited. */
  close(): Promise<number>;
}

/** `ai-trader serve --port 0` (plus `extraArgs`, e.g. `--no-worker`), started once it listens. */
export async function startServerProcess(
  env: Record<string, string>,
  extraArgs: readonly string[] = [],
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0', ...extraArgs],
    {
      cwd: repoRoot,
      env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'info', ...env },
      // The logs go nowhere, but the server still formats and writes them, as it would in production.
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((resolvePromise, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        // From here on the log lines are read and dropped (in this process, so not counted).
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        resolvePromise(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return {
    url,
    child,
    async close() {
      const started = performance.now();
      child.kill('SIGTERM');
      await exited;
      return performance.now() - started;
    },
  };
}

export interface WorkerProcess {
  /** Its worker id, as its leases name it. */
  id: string;
  child: ChildProcess;
  /** SIGTERM, then resolves with the milliseconds until the process exited. */
  close(): Promise<number>;
}

/** `ai-trader worker` (no port), started once it says it runs. */
export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker'], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const id = await new Promise<string>((resolvePromise, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${out}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = / worker (w-\S+) running on/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        resolvePromise(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${out}`)));
  });
  return {
    id,
    child,
    async close() {
      const started = performance.now();
      child.kill('SIGTERM');
      await exited;
      return performance.now() - started;
    },
  };
}
