#!/usr/bin/env node
/**
 * `ai-trader`: the command-line interface. This file only wires commander to the command groups
 * in ./commands and turns failures into exit statuses; the groups call application services.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { EnvError, readEnv } from '../config/env.js';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './cli-error.js';
import { dataCommands } from './commands/data.js';
import { demoCommand } from './commands/demo.js';
import { mcpCommands } from './commands/mcp.js';
import { serveCommands } from './commands/serve.js';
import { simulateCommands } from './commands/simulate.js';
import { workerCommands } from './commands/worker.js';
import { createContext, defaultIo, type CliIo, type CommandModule } from './context.js';

/** Every command group, in help order; a new group is one module and one entry here. */
const COMMAND_MODULES: readonly CommandModule[] = [
  demoCommand,
  serveCommands,
  workerCommands,
  mcpCommands,
  simulateCommands,
  dataCommands,
];

/** The whole command tree over `io`; commander reports through it instead of exiting the process. */
export function buildCli(
  io: Partial<CliIo> = {},
  modules: readonly CommandModule[] = COMMAND_MODULES,
): Command {
  const ctx = createContext({ ...defaultIo(), ...io });
  // Set before any subcommand exists: commander copies these settings into each one it creates.
  const program = new Command('ai-trader')
    .description('An arena where LLMs trade NASDAQ-100 stocks day by day over historical dates.')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void ctx.stdout.write(text),
      writeErr: (text) => void ctx.stderr.write(text),
    })
    .showHelpAfterError('(add --help for usage)');
  for (const module of modules) module.register(program, ctx);
  return program;
}

/** Runs one command line (without the program name) and resolves to the exit status. */
export async function runCli(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const stderr = io.stderr ?? process.stderr;
  try {
    await buildCli(io).parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    // Commander has already printed its own message (or the help it was asked for).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (error instanceof CliError) {
      stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof EnvError) {
      stderr.write(`error: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    // Infrastructure failures (an unreachable database, a full disk) still deserve a readable line;
    // the stack is for whoever debugs, on request.
    stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof Error && wantsStacks(io.env ?? process.env)) stderr.write(`${error.stack ?? ''}\n`);
    return EXIT_FAILURE;
  }
}

function wantsStacks(vars: NodeJS.ProcessEnv): boolean {
  try {
    return ['debug', 'trace'].includes(readEnv(vars).LOG_LEVEL);
  } catch {
    return false;
  }
}

function isMainModule(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    // realpath on both sides: npm runs bins through a symlink.
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  process.exitCode = await runCli(process.argv.slice(2));
}
