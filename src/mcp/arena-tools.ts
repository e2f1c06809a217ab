import { z } from 'zod';
import type { Market } from '../core/markets/market.js';
import { toolJsonSchema, toolsFor } from '../core/tools/tool-definitions.js';

/** Longest summary an agent may leave; the rest is cut. */
export const MAX_SUMMARY_CHARS = 4000;

/**
 * The tools an external agent sees over MCP. The trading tools are the built-in agent's own
 * (same zod schemas, same descriptions, same executor); claim_day and finish_day frame a day.
 */
export const ARENA_SCHEMAS = {
  claim_day: z.object({
    model: z
      .string()
      .optional()
      .describe('Signature of the external model to play (default: any external model with a day waiting)'),
  }),
  finish_day: z.object({
    summary: z
      .string()
      .max(MAX_SUMMARY_CHARS)
      .optional()
      .describe("A few sentences on today's decisions, kept with the day's results"),
  }),
} as const;

export const ARENA_DESCRIPTIONS: Record<keyof typeof ARENA_SCHEMAS, string> = {
  claim_day:
    'Claim the next waiting model-day of an external model. Answers its job, signature, date, ' +
    'starting cash and holdings, and the prices visible today (each open and previous close). ' +
    'Other tools act on the claimed day only; one claim at a time.',
  finish_day:
    'Commit the claimed day: trades, end position and its value at the close go on the leaderboard. ' +
    'Nothing is kept unless this is called.',
};

/** The built-in tools offered over MCP (arithmetic is left to the agent's own means). */
export const TRADING_TOOLS = ['get_price_local', 'buy', 'sell', 'get_information'] as const;
export type TradingTool = (typeof TRADING_TOOLS)[number];

export interface McpToolSpec {
  name: string;
  description: string;
  inputSchema: { type: 'object'; [key: string]: unknown };
}

/**
 * The tool list, get_information only when the server has a news source. Order amounts are described
 * by the config's market; a day of another market states its rules in claim_day's answer, and the
 * ledger holds every order to them whatever the list said.
 */
export function arenaToolSpecs(options: { newsAvailable: boolean; market?: Market }): McpToolSpec[] {
  const { schemas, descriptions } = toolsFor(options.market);
  const spec = (name: string, description: string, schema: z.ZodObject): McpToolSpec => ({
    name,
    description,
    inputSchema: { ...toolJsonSchema(schema), type: 'object' },
  });
  const trading = offeredTradingTools(options.newsAvailable);
  return [
    spec('claim_day', ARENA_DESCRIPTIONS.claim_day, ARENA_SCHEMAS.claim_day),
    ...trading.map((name) => spec(name, descriptions[name], schemas[name])),
    spec('finish_day', ARENA_DESCRIPTIONS.finish_day, ARENA_SCHEMAS.finish_day),
  ];
}

/** The built-in tools offered today: news only when there is a source to search. */
function offeredTradingTools(newsAvailable: boolean): TradingTool[] {
  return TRADING_TOOLS.filter((name) => newsAvailable || name !== 'get_information');
}

export function isTradingTool(name: string, newsAvailable: boolean): name is TradingTool {
  return (offeredTradingTools(newsAvailable) as string[]).includes(name);
}
