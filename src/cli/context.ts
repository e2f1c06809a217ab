/**
 * What every CLI command gets: where to write, the clock, and configuration read on first use.
 * Commands import this module, never main.ts, so the command tree has no import circle.
 */
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { createLogger } from '../app/logger.js';
import { readEnv, type Env } from '../config/env.js';
import type { TextSink } from './progress.js';

export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  /** The variables `readEnv` validates; process.env when run as a program. */
  env: NodeJS.ProcessEnv;
  now: () => Date;
}

export interface CliContext {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly now: () => Date;
  /** The validated environment; throws EnvError, reported as a configuration problem. */
  env(): Env;
  /** Logs go to stderr, so stdout stays clean for the command's own output. */
  logger(): Logger;
}

/** A command group (`data`, `serve`, `simulate`, ...): one module in ./commands registers it. */
export interface CommandModule {
  register(program: Command, ctx: CliContext): void;
}

export const defaultIo = (): CliIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  now: () => new Date(),
});

export function createContext(io: CliIo): CliContext {
  let env: Env | undefined;
  let logger: Logger | undefined;
  const readConfig = (): Env => (env ??= readEnv(io.env));
  return {
    stdout: io.stdout,
    stderr: io.stderr,
    now: io.now,
    env: readConfig,
    logger: () =>
      (logger ??= createLogger(readConfig(), {
        name: 'ai-trader',
        destination: { write: (line: string) => void io.stderr.write(line) },
      })),
  };
}
