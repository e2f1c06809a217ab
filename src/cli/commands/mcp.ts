/**
 * `ai-trader mcp`: the arena as an MCP server on stdin/stdout, for an agent that starts it as its
 * own subprocess. It joins the deployment's database like a worker (never resetting DEV data) but
 * runs no job worker: `ai-trader serve` or `ai-trader worker` prepare jobs and run built-in models,
 * while this process hands the days of `external` models to its one client. stdout carries only
 * MCP messages; logs go to stderr.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Command } from 'commander';
import { createContainer } from '../../app/container.js';
import { ConfigError } from '../../config/app-config.js';
import { packageVersion } from '../../http/app.js';
import { createArenaServer } from '../../mcp/arena-server.js';
import { CliError } from '../cli-error.js';
import type { CommandModule } from '../context.js';
import { waitForTermination, type ServeDeps } from './serve.js';

export function registerMcpCommand(program: Command, deps: ServeDeps): void {
  program
    .command('mcp')
    .description(
      'Serve the arena to one MCP client over stdio: it claims and trades the days of external models.',
    )
    .action(() => serveMcp(deps));
}

export const mcpCommands: CommandModule = { register: registerMcpCommand };

async function serveMcp(deps: ServeDeps): Promise<void> {
  const logger = deps.logger();
  let container: Awaited<ReturnType<typeof createContainer>>;
  try {
    container = await createContainer({
      env: deps.env(),
      logger,
      now: deps.now,
      worker: false,
      resetDevData: false,
    });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
  const stdin = process.stdin;
  const { server, client } = createArenaServer(
    container.arena,
    logger.child({ component: 'mcp' }),
    packageVersion(),
  );
  const transport = new StdioServerTransport();
  // The client owns this process: when its end of stdin closes, it is gone.
  const disconnected = new Promise<string>((resolve) => {
    stdin.once('end', () => resolve('stdin closed'));
    stdin.once('close', () => resolve('stdin closed'));
  });
  await server.connect(transport);
  logger.info(
    { external_models: container.arena.externalModels() },
    'MCP server on stdio: waiting for the client to claim days',
  );

  const ended = await Promise.race([disconnected, (deps.shutdownSignal ?? waitForTermination)()]);
  if (ended === 'stdin closed') {
    // Gone mid-day: the day fails now instead of at the idle timeout (nothing of it was written).
    await client.disconnect('its stdin closed');
  } else {
    logger.info({ signal: ended }, 'shutting down: a claimed day goes back to pending');
  }
  await server.close().catch(() => undefined);
  await container.close();
  logger.info('MCP server stopped');
}
