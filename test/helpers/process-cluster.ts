/**
 * Several real `ai-trader` processes on one database, as an operator scales out: `serve` (API and a
 * worker), `serve --no-worker` (API only) and `worker` (no port), spawned with tsx, all with the same
 * environment and config file, and the fake LLM and fake Alpha Vantage in the test process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { FakeAlphaVantage } from '../fakes/fake-alphavantage.js';
import type { FakeOpenAi } from '../fakes/fake-openai.js';
import { startFakeBackends, type FakeBackendOptions } from './fake-backends.js';
import type { Json } from './http-server.js';
import { until } from './until.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

export type Role = 'serve' | 'api' | 'worker';

const ARGS: Record<Role, string[]> = {
  serve: ['serve', '--port', '0'],
  api: ['serve', '--port', '0', '--no-worker'],
  worker: ['worker'],
};

/** The fakes, config and environment every member of the cluster shares. */
export type ClusterOptions = FakeBackendOptions;

export interface Member {
  readonly role: Role;
  readonly child: ChildProcess;
  /** The API's URL (`serve` and `api` roles). */
  readonly url: string | undefined;
  /** This process's worker id (`serve` and `worker` roles), as its leases name it. */
  readonly workerId: string | undefined;
  /** Every JSON log line it wrote so far. */
  logs(): Json[];
  alive(): boolean;
  /** Sends `signal` (SIGKILL by default) and, unless it only pauses or resumes it, waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface Cluster {
  readonly llm: FakeOpenAi;
  readonly av: FakeAlphaVantage;
  readonly members: Member[];
  start(role: Role): Promise<Member>;
  /** Members that committed model-days, with how many (from their logs). */
  committedBy(): Map<Member, number>;
  close(): Promise<void>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const { llm, av, env, close: closeFakes } = await startFakeBackends(options);
  const members: Member[] = [];

  async function start(role: Role): Promise<Member> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...ARGS[role]], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const alive = (): boolean => child.exitCode === null && child.signalCode === null;
    const ready = await until(
      `the ${role} process to start`,
      async () => {
        if (!alive()) throw new Error('exited');
        return (
          /listening on (http:\/\/\S+)/.exec(out)?.[1] ??
          (/ worker (w-\S+) running on/.exec(out) ? '' : undefined)
        );
      },
      30_000,
    ).catch((error: unknown) => {
      throw new Error(`${role} did not start (${String(error)}): ${err.slice(-2000)}${out}`);
    });
    const logs = (): Json[] =>
      err
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Json);
    const workerId =
      / worker (w-\S+) running on/.exec(out)?.[1] ??
      (logs().find((l) => l.msg === 'worker started')?.worker as string | undefined);
    const member: Member = {
      role,
      child,
      url: ready === '' ? undefined : ready,
      workerId,
      logs,
      alive,
      async kill(signal = 'SIGKILL') {
        if (alive()) child.kill(signal);
        if (signal !== 'SIGSTOP' && signal !== 'SIGCONT') await exited;
      },
    };
    members.push(member);
    return member;
  }

  return {
    llm,
    av,
    members,
    start,
    committedBy: () =>
      new Map(
        members.map((m) => [m, m.logs().filter((l) => l.msg === 'model-day completed').length] as const),
      ),
    async close() {
      for (const m of members) {
        if (m.alive()) m.child.kill('SIGCONT');
        await m.kill('SIGKILL');
      }
      await closeFakes();
    },
  };
}
