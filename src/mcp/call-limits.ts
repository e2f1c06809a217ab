/**
 * What an external agent's call may bring into a claimed day, which the arena keeps in memory until
 * finish_day and then stores: arguments of bounded size, checked against the tool's own schema
 * (the one its tool list shows, for the day's market) before anything of them is kept; and, per
 * day, as many calls as a built-in model may make steps. Refusals name the limit they hit.
 */
import { z } from 'zod';
import type { Market } from '../core/markets/market.js';
import { toolsFor } from '../core/tools/tool-definitions.js';
import { ARENA_SCHEMAS, type TradingTool } from './arena-tools.js';

/** Longest arguments a call may carry, as JSON text; a summary of MAX_SUMMARY_CHARS fits well within. */
export const MAX_ARGUMENT_CHARS = 8 * 1024;
/** What is kept of arguments that were refused: enough to see what was sent, never all of it. */
export const REFUSED_ARGUMENT_EXCERPT_CHARS = 300;

export type CheckedArguments<T> =
  /** As the schema parsed them (unknown fields dropped), and their JSON, which is what is stored. */
  | { ok: true; args: T; json: string }
  /** Refused: why (the audit's reason), what the agent is told, and what may be kept of them. */
  | { ok: false; reason: 'arguments_too_large' | 'invalid_arguments'; message: string; excerpt: string };

type ArenaTool = keyof typeof ARENA_SCHEMAS;

/** claim_day's or finish_day's arguments, checked. */
export function checkArenaArguments<N extends ArenaTool>(
  tool: N,
  args: unknown,
): CheckedArguments<z.infer<(typeof ARENA_SCHEMAS)[N]>> {
  return checkArguments(tool, ARENA_SCHEMAS[tool], args) as CheckedArguments<
    z.infer<(typeof ARENA_SCHEMAS)[N]>
  >;
}

/**
 * An order's shape: what the arena needs to keep it. Whether the amount keeps to the market's rules
 * (whole shares, lots, decimals) is the ledger's to say, with the rule named, to MCP agents as to the
 * built-in one, so an order is checked for its shape here and no further.
 */
const ORDER_SHAPE = z.object({ symbol: z.string(), amount: z.number() });

/** A trading tool's arguments, checked against the schema the day's market gives it (orders: their shape). */
export function checkToolArguments(
  tool: TradingTool,
  args: unknown,
  market: Market,
): CheckedArguments<Record<string, unknown>> {
  const schema = tool === 'buy' || tool === 'sell' ? ORDER_SHAPE : toolsFor(market).schemas[tool];
  return checkArguments(tool, schema, args) as CheckedArguments<Record<string, unknown>>;
}

/** Their size first (nothing big is parsed twice), then the schema. */
function checkArguments(tool: string, schema: z.ZodType, args: unknown): CheckedArguments<unknown> {
  const json = JSON.stringify(args ?? {});
  if (json.length > MAX_ARGUMENT_CHARS) {
    return {
      ok: false,
      reason: 'arguments_too_large',
      message:
        `Arguments of ${tool} are ${json.length} characters of JSON; the arena takes at most ` +
        `${MAX_ARGUMENT_CHARS} per call (its argument size limit).`,
      excerpt: excerptOf(json),
    };
  }
  const parsed = schema.safeParse(args ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`);
    return {
      ok: false,
      reason: 'invalid_arguments',
      message: `Invalid arguments for ${tool} (its schema in tools/list): ${problems.join('; ')}`,
      excerpt: excerptOf(json),
    };
  }
  return { ok: true, args: parsed.data, json: JSON.stringify(parsed.data) };
}

/** Arguments as a refusal's audit keeps them: their JSON, cut short when long. */
export function storedArguments(args: unknown): string {
  return excerptOf(JSON.stringify(args ?? {}));
}

function excerptOf(json: string): string {
  if (json.length <= REFUSED_ARGUMENT_EXCERPT_CHARS) return json;
  return `${json.slice(0, REFUSED_ARGUMENT_EXCERPT_CHARS)}... (${json.length} characters in all)`;
}

/** A tool name as a refusal repeats it: an unknown name can be as long as the request. */
export function toolNameExcerpt(name: string): string {
  return name.length <= 64 ? name : `${name.slice(0, 64)}...`;
}

/** The refusal once a day has had every call it may: which limit, and what is still possible. */
export function callLimitMessage(label: string, maxCalls: number): string {
  return (
    `${label} has had the ${maxCalls} calls a day allows (agent_config.max_steps, the built-in ` +
    `models' limit): call finish_day to commit it.`
  );
}
