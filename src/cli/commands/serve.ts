/**
 * `ai-trader serve`: the HTTP API with an in-process job worker (`--no-worker`: the API alone), until
 * SIGINT or SIGTERM.
 */
import type { Command } from 'commander';
import { ConfigError } from '../../config/app-config.js';
import { DEFAULT_HOST, startServer } from '../../http/server.js';
import { CliError } from '../cli-error.js';
import type { CliContext, CommandModule } from '../context.js';
import { parsePortOption } from '../options.js';

export interface ServeOptions {
  host?: string;
  port?: number;
  /** False with `--no-worker`: serve the API only, while `ai-trader worker` processes run the jobs. */
  worker?: boolean;
}

/** What `serve` needs beyond the CLI context: how it learns it should stop (tests pass their own). */
export interface ServeDeps extends CliContext {
  /** Resolves with the signal's name when the server should shut down. */
  shutdownSignal?: () => Promise<string>;
}

export function registerServeCommand(program: Command, deps: ServeDeps): void {
  program
    .command('serve')
    .description('Run the HTTP API (and the job worker) until interrupted.')
    .option('--host <host>', `interface to listen on (default: HOST or ${DEFAULT_HOST})`)
    .option('--port <port>', 'port to listen on, 0 for any free one (default: PORT or 8080)', parsePortOption)
    .option('--no-worker', 'serve the API only; `ai-trader worker` processes run the jobs')
    .action((opts: ServeOptions) => serve(deps, opts));
}

export const serveCommands: CommandModule = { register: registerServeCommand };

async function serve(deps: ServeDeps, opts: ServeOptions): Promise<void> {
  const logger = deps.logger();
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({
      env: deps.env(),
      logger,
      now: deps.now,
      ...(opts.host === undefined ? {} : { host: opts.host }),
      ...(opts.port === undefined ? {} : { port: opts.port }),
      worker: opts.worker !== false,
    });
  } catch (error) {
    // The message lists every problem of the file; a stack trace would only bury them.
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
  const role = server.container.scheduler ? '' : ', API only: no job worker';
  deps.stdout.write(
    `AI-Trader-Server listening on ${server.url} (dashboard: ${server.url}/, API docs: ${server.url}/docs${role})\n`,
  );

  const signal = await (deps.shutdownSignal ?? waitForTermination)();
  logger.info(
    { signal },
    'shutting down: no new requests; running model-days stop and are handed to the next worker',
  );
  await server.close();
  logger.info('server stopped');
}

/** The first SIGINT/SIGTERM asks for a graceful stop; a second one means "now". */
export function waitForTermination(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const force = (): never => process.exit(130);
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
