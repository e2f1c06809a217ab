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
  const {
    found: url,
    child,
    close,
  } = await startCli('server', ['serve', '--port', '0', ...extraArgs], env, /listening on (http:\/\/\S+)/);
  return { url, child, close };
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
  const { found: id, child, close } = await startCli('worker', ['worker'], env, / worker (w-\S+) running on/);
  return { id, child, close };
}

/**
 * `ai-trader <args>` in its own process, started once its log says `ready` (whose first group is
 * `found`: the URL, the worker id). `what` names the process in errors.
 */
async function startCli(
  what: string,
  args: readonly string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ found: string; child: ChildProcess; close(): Promise<number> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'info', ...env },
    // The logs go nowhere, but the process still formats and writes them, as it would in production.
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const found = await new Promise<string>((resolvePromise, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${out}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = ready.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        // From here on the log lines are read and dropped (in this process, so not counted).
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        resolvePromise(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}: ${out}`)));
  });
  return {
    found,
    child,
    async close() {
      const started = performance.now();
      child.kill('SIGTERM');
      await exited;
      return performance.now() - started;
    },
  };
}
