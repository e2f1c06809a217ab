/**
 * A real `ai-trader serve` process for fault tests: spawned with tsx as an operator would run it,
 * with the fake LLM and the fake Alpha Vantage in the test process. Faults (killed database
 * connections, a full disk, a deleted file) are done to it from outside; the test then looks at what
 * the process still answers, and whether it is still alive at all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import type { FakeHandler, FakeOpenAi } from '../fakes/fake-openai.js';
import { startFakeBackends } from './fake-backends.js';
import { buyAndFinish, type Json } from './http-server.js';
import { until } from './until.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const LISTENING = 'AI-Trader-Server listening on';

export interface ServerProcessOptions {
  /** Where the config file goes (the database may live elsewhere). */
  dir: string;
  databaseUrl: string;
  models?: string[];
  /** Per-model LLM scripts; models without one buy 2 AAPL and finish. */
  scripts?: Record<string, FakeHandler>;
  env?: Record<string, string>;
}

export interface Answer {
  status: number;
  body: Json;
}

export interface ServerProcess {
  readonly url: string;
  readonly llm: FakeOpenAi;
  /** The current child (a new one after `restart`). */
  readonly child: ChildProcess;
  /** Every JSON log line the current child wrote (to stderr, where the CLI logs). */
  logs(): Json[];
  /** Everything else the current child wrote to stderr (e.g. `error: ...` when it refused to start). */
  stderr(): string;
  /** True while the current child has neither exited nor been killed by a signal. */
  alive(): boolean;
  request(method: string, path: string, body?: unknown): Promise<Answer>;
  trigger(body: Record<string, unknown>): Promise<Answer>;
  status(jobId: string): Promise<Json>;
  /** Polls until `probe` returns a value (errors count as "not yet"); `what` names it on timeout. */
  until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs?: number): Promise<T>;
  /** Waits until the job is `completed`, `partial` or `failed` and returns its status. */
  waitForEnd(jobId: string, timeoutMs?: number): Promise<Json>;
  /** Starts the child again after it stopped (same port, database and fakes). */
  restart(): Promise<void>;
  /** Stops the child with SIGTERM and waits for it. */
  stop(): Promise<void>;
  /** Kills the child (if alive) and stops the fakes. */
  close(): Promise<void>;
}

export const TERMINAL_STATUSES = ['completed', 'partial', 'failed'];

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const GAVE_UP = Symbol('gave up');

/**
 * `until`, except that it stops at once when `hopeless` gives a reason (the process died), and adds
 * `lastWords` (the server's last log lines) to a timeout's message.
 */
async function untilUnless<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  hopeless: () => string | undefined,
  lastWords: () => string = () => '',
): Promise<T> {
  let reason: string | undefined;
  let value: T | typeof GAVE_UP;
  try {
    value = await until<T | typeof GAVE_UP>(
      what,
      async () => ((reason = hopeless()) === undefined ? probe() : GAVE_UP),
      timeoutMs,
    );
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}${lastWords()}`);
  }
  if (value === GAVE_UP) throw new Error(`gave up waiting for ${what}: ${reason}`);
  return value;
}

/** Starts the fakes and the server process and waits until it listens. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  let port = await freePort();
  let url = `http://127.0.0.1:${port}`;
  const {
    llm,
    env,
    close: closeFakes,
  } = await startFakeBackends({ ...options, models: options.models ?? ['alpha'] }, { PORT: String(port) });

  let child!: ChildProcess;
  let out = '';
  let err = '';

  async function launch(): Promise<void> {
    out = '';
    err = '';
    child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const started = child;
    // 'close' comes after the exit and after the last of stdout and stderr.
    const closed = new Promise((r) => started.once('close', r));
    const exited = (): boolean => started.exitCode !== null || started.signalCode !== null;
    try {
      await untilUnless(
        'the server to listen',
        async () => (out.includes(LISTENING) ? true : undefined),
        30_000,
        () => (exited() ? 'exited' : undefined),
      );
    } catch (error) {
      if (!exited()) throw error;
      // Let the last of stderr arrive: it says why the server would not start.
      await closed;
      throw new ServerExitedError(`server exited (${started.exitCode ?? started.signalCode}): ${err}${out}`);
    }
  }

  async function request(method: string, path: string, body?: unknown): Promise<Answer> {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: Json;
    try {
      parsed = text === '' ? {} : (JSON.parse(text) as Json);
    } catch {
      parsed = { text };
    }
    return { status: response.status, body: parsed };
  }

  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  const exited = (): Promise<void> =>
    alive() ? new Promise((r) => child.once('exit', () => r())) : Promise.resolve();

  /** `until`, failing at once (with the child's last words) when the child dies meanwhile. */
  const whileAlive = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> =>
    untilUnless(
      what,
      probe,
      timeoutMs,
      () =>
        alive()
          ? undefined
          : `server process exited (${child.exitCode ?? child.signalCode}): ${err.slice(-2000)}`,
      () => `; the server's last log lines:\n${err.split('\n').slice(-15).join('\n')}`,
    );

  /**
   * Another process may take the port between `freePort` and the server's listen (tests run side by
   * side): that race is the test's, not the server's, so the first start tries another port.
   */
  for (let attempt = 1; ; attempt++) {
    try {
      await launch();
      break;
    } catch (error) {
      if (!(error instanceof ServerExitedError) || !err.includes('EADDRINUSE') || attempt >= 5) throw error;
      port = await freePort();
      url = `http://127.0.0.1:${port}`;
      env.PORT = String(port);
    }
  }
  const status = async (jobId: string): Promise<Json> => {
    const answer = await request('GET', `/simulate/status/${jobId}`);
    if (answer.status !== 200) throw new Error(`status ${jobId}: HTTP ${answer.status}`);
    return answer.body;
  };

  return {
    get url() {
      return url;
    },
    llm,
    get child() {
      return child;
    },
    logs: () =>
      err
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Json),
    stderr: () =>
      err
        .split('\n')
        .filter((line) => !line.startsWith('{'))
        .join('\n'),
    alive,
    request,
    trigger: (body) => request('POST', '/simulate/trigger', body),
    status,
    until: whileAlive,
    waitForEnd: (jobId, timeoutMs = 60_000) =>
      whileAlive(
        `job ${jobId} to end`,
        async () => {
          const s = await status(jobId);
          return TERMINAL_STATUSES.includes(s.status as string) ? s : undefined;
        },
        timeoutMs,
      ),
    async restart() {
      await exited();
      await launch();
    },
    async stop() {
      if (alive()) child.kill('SIGTERM');
      await exited();
    },
    async close() {
      if (alive()) child.kill('SIGKILL');
      await exited();
      await closeFakes();
    },
  };
}

export class ServerExitedError extends Error {
  override readonly name = 'ServerExitedError';
}

/** A promise a test opens when it is ready, e.g. to let a held LLM call answer. */
export interface Gate {
  readonly promise: Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

/** The trading date a model-day's conversation is about (its system prompt says "Today is D."). */
export function conversationDate(body: { messages: readonly { content?: unknown }[] }): string | undefined {
  const first = body.messages[0]?.content;
  return typeof first === 'string' ? /Today is (\d{4}-\d{2}-\d{2})\./.exec(first)?.[1] : undefined;
}

/**
 * `buyAndFinish`, except that the first call of a model-day dated `date` waits for `release`
 * (once: a retry of the same day is not held again); `arrived` opens when it starts waiting.
 */
export function heldOn(
  date: string,
  release: Gate,
  arrived: Gate = gate(),
  agent: FakeHandler = buyAndFinish('AAPL', 2),
): { handler: FakeHandler; arrived: Gate } {
  let held = false;
  const handler: FakeHandler = async (body, callIndex, request) => {
    if (!held && conversationDate(body) === date && !body.messages.some((m) => m.role === 'assistant')) {
      held = true;
      arrived.open();
      await release.promise;
    }
    return agent(body, callIndex, request);
  };
  return { handler, arrived };
}
