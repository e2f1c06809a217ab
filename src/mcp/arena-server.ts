import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import { ArenaClient } from './arena-client.js';
import { arenaToolSpecs } from './arena-tools.js';
import type { ExternalArena } from './external-arena.js';
import { refusal } from './external-day.js';

export const MCP_SERVER_NAME = 'ai-trader-arena';

const INSTRUCTIONS =
  'A historical trading arena. Call claim_day to get the next model-day of an external model ' +
  '(its date, cash, holdings and the prices visible at that open), trade with get_price_local, ' +
  'buy and sell, then call finish_day to commit it; the committed day appears on the leaderboard.';

/**
 * One MCP server per connected client. The low-level SDK server is used on purpose: the tool list
 * carries the very JSON schemas the built-in agent sees, and every call, however malformed, reaches
 * the arena's executor, so it is checked by the same ledger and audited the same way (a
 * schema-validating layer in front would refuse some calls before they could be audited).
 */
export function createArenaServer(
  arena: ExternalArena,
  logger: Logger,
  version: string,
): { server: Server; client: ArenaClient } {
  const client = new ArenaClient(arena, logger);
  const server = new Server(
    { name: MCP_SERVER_NAME, version },
    { capabilities: { tools: {} }, instructions: INSTRUCTIONS },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: arenaToolSpecs({ newsAvailable: arena.newsAvailable, market: arena.market }),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const { name, arguments: args } = request.params;
    let answer;
    try {
      answer = await client.call(name, args ?? {});
    } catch (error) {
      // The database, mostly: the agent hears it as a failed call and may try again.
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ tool: name, err: message }, 'MCP tool call failed');
      answer = refusal(`The arena could not answer ${name}: ${message}`);
    }
    return { content: [{ type: 'text' as const, text: answer.text }], isError: answer.isError };
  });
  return { server, client };
}
