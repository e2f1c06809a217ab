/**
 * The Docker and Compose command lines, as the container test drives them: every command bounded in
 * time, its output captured, and a failure reported with the command and the end of what it said.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  timeoutMs?: number;
  /** Resolve with a non-zero exit instead of throwing. */
  allowFailure?: boolean;
  /** Also append everything the command prints to this file (long builds). */
  logFile?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export class CommandError extends Error {
  override readonly name = 'CommandError';
}

/** Runs `argv` (no shell), waits for it, and gives its exit code and output. */
export function run(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const [command, ...args] = argv;
  if (command === undefined) throw new Error('run: empty command');
  const timeoutMs = options.timeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      log?.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      log?.write(chunk);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      log?.end();
      reject(new CommandError(`${argv.join(' ')}: ${error.message}`));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      log?.end();
      const result = { code, stdout, stderr };
      if (timedOut) {
        reject(new CommandError(`${argv.join(' ')}: no answer within ${timeoutMs / 1000} s${tail(result)}`));
      } else if (code !== 0 && !options.allowFailure) {
        reject(new CommandError(`${argv.join(' ')}: exit ${code}${tail(result)}`));
      } else {
        resolve(result);
      }
    });
  });
}

/** The last lines a command printed, for an error message. */
export function tail({ stdout, stderr }: Pick<RunResult, 'stdout' | 'stderr'>, lines = 15): string {
  const text = `${stdout}\n${stderr}`.trim().split('\n').slice(-lines).join('\n');
  return text ? `\n${text}` : '';
}

/** `docker ...` through the CLI on PATH, aimed at DOCKER_HOST when it is set. */
export async function docker(args: readonly string[], options: RunOptions = {}): Promise<string> {
  return (await run(['docker', ...args], options)).stdout.trim();
}

/** A container's state, as `docker inspect` tells it. */
export interface ContainerState {
  running: boolean;
  exitCode: number;
  health: string | undefined;
}

export async function containerState(container: string): Promise<ContainerState> {
  const json = await docker(['inspect', '--format', '{{json .State}}', container]);
  const state = JSON.parse(json) as { Running: boolean; ExitCode: number; Health?: { Status: string } };
  return { running: state.Running, exitCode: state.ExitCode, health: state.Health?.Status };
}

/** Everything the container wrote to stdout and stderr so far. */
export async function containerLogs(container: string): Promise<string> {
  const { stdout, stderr } = await run(['docker', 'logs', container], { timeoutMs: 30_000 });
  return `${stdout}${stderr}`;
}

/** The JSON log lines (pino) a container wrote, parsed. */
export async function containerLogLines(container: string): Promise<Record<string, unknown>[]> {
  return (await containerLogs(container))
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

/**
 * A Compose project: Debian's `docker-compose` (v1) or the `docker compose` plugin, whichever the
 * caller names, run in the folder holding the compose file and its `.env`.
 */
export class ComposeProject {
  constructor(
    private readonly command: readonly string[],
    readonly name: string,
    readonly dir: string,
  ) {}

  run(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return run([...this.command, '--project-name', this.name, ...args], { cwd: this.dir, ...options });
  }

  /** The ids of a service's containers (all of them, stopped ones included). */
  async containers(service: string): Promise<string[]> {
    const { stdout } = await this.run(['ps', '-a', '-q', service], { timeoutMs: 60_000 });
    return stdout
      .split('\n')
      .map((id) => id.trim())
      .filter((id) => id !== '');
  }
}
