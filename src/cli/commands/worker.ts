/**
 * `ai-trader worker`: a job worker without the HTTP API, until SIGINT or SIGTERM. Run any number of
 * them beside `ai-trader serve` (or `serve --no-worker`) on the same database.
 */
import type { Command } from 'commander';
import { startWorker } from '../../app/worker.js';
import { ConfigError } from '../../config/app-config.js';
import { describeDatabase, selectDatabase } from '../../store/database-url.js';
import { CliError } from '../cli-error.js';
import type { CommandModule } from '../context.js';
import { waitForTermination, type ServeDeps } from './serve.js';

export const WORKER_STARTED = 'AI-Trader-Server worker';

export function registerWorkerCommand(program: Command, deps: ServeDeps): void {
  program
    .command('worker')
    .description('Run a job worker only (no HTTP port) until interrupted; any number share one database.')
    .action(() => work(deps));
}

export const workerCommands: CommandModule = { register: registerWorkerCommand };

async function work(deps: ServeDeps): Promise<void> {
  const logger = deps.logger();
  const env = deps.env();
  let worker: Awaited<ReturnType<typeof startWorker>>;
  try {
    worker = await startWorker({ env, logger, now: deps.now });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
  const selection = selectDatabase(env.DATABASE_URL, worker.container.devMode);
  const database = describeDatabase(selection.url, selection.defaultPath);
  deps.stdout.write(`${WORKER_STARTED} ${worker.id} running on ${database} (no HTTP port)\n`);

  const signal = await (deps.shutdownSignal ?? waitForTermination)();
  logger.info({ signal }, 'shutting down: running model-days stop and are handed to other workers');
  await worker.close();
  logger.info('worker stopped');
}
