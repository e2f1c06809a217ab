import { z } from 'zod';
import { US_MARKET } from '../markets/us.js';
import type { Market, OrderRules } from '../markets/market.js';
import { quantityRuleShort } from '../markets/rules-text.js';

/**
 * The agent's tools, defined once: the zod schema validates arguments and is also what the model sees
 * as a JSON-schema function. Orders are checked by the ledger (the one place for trading rules), so
 * buy/sell schemas describe the expected shape but the executor hands raw values to the ledger.
 */
export const TOOL_SCHEMAS = {
  get_price_local: z.object({
    symbol: z.string().describe('Ticker symbol, e.g. "AAPL"'),
    date: z
      .string()
      .describe('Trading date as YYYY-MM-DD. Past dates give the full daily bar; today gives only the open.'),
  }),
  buy: z.object({
    symbol: z.string().describe('Ticker symbol to buy'),
    amount: z.number().int().min(1).describe('Number of whole shares to buy (integer >= 1)'),
  }),
  sell: z.object({
    symbol: z.string().describe('Ticker symbol to sell'),
    amount: z.number().int().min(1).describe('Number of whole shares to sell (integer >= 1)'),
  }),
  get_information: z.object({
    query: z.string().min(1).max(500).describe('What to search the news for'),
  }),
  add: z.object({ a: z.number(), b: z.number() }),
  multiply: z.object({ a: z.number(), b: z.number() }),
} as const;

export type ToolName = keyof typeof TOOL_SCHEMAS;
export type ToolArgs<N extends ToolName> = z.infer<(typeof TOOL_SCHEMAS)[N]>;

export const TOOL_DESCRIPTIONS: Record<ToolName, string> = {
  get_price_local:
    'Look up the daily price bar of a symbol on a date. Dates before today return open, high, low, close ' +
    'and volume; today returns only the open; future dates are refused.',
  buy: "Buy whole shares at today's open. Fails if cash is insufficient or the symbol is not tradable today.",
  sell: "Sell whole shares you hold at today's open. Fails if you hold fewer shares than requested.",
  get_information:
    'Search news published before today for a query. Returns titles, dates and short excerpts.',
  add: 'Add two numbers.',
  multiply: 'Multiply two numbers.',
};

export const ALL_TOOL_NAMES = Object.keys(TOOL_SCHEMAS) as ToolName[];

type ToolSchemas = { [N in ToolName]: z.ZodObject };

interface MarketTools {
  schemas: ToolSchemas;
  descriptions: Record<ToolName, string>;
}

const marketTools = new Map<Market, MarketTools>();

/**
 * The tools as a market states them: the order amount and the symbol example follow its rules (the
 * US market's are exactly TOOL_SCHEMAS and TOOL_DESCRIPTIONS). Validation of an order stays with
 * the ledger, which explains each refusal; the schema only tells the model what to send.
 */
export function toolsFor(market: Market = US_MARKET): MarketTools {
  let tools = marketTools.get(market);
  if (tools !== undefined) return tools;
  if (market === US_MARKET) {
    tools = { schemas: TOOL_SCHEMAS, descriptions: TOOL_DESCRIPTIONS };
  } else {
    const rules = market.orderRules;
    const example = market.symbolExample;
    tools = {
      schemas: {
        ...TOOL_SCHEMAS,
        get_price_local: TOOL_SCHEMAS.get_price_local.extend({
          symbol: z.string().describe(`Symbol, e.g. "${example}"`),
        }),
        buy: orderSchema('buy', rules),
        sell: orderSchema('sell', rules),
      },
      descriptions: {
        ...TOOL_DESCRIPTIONS,
        buy:
          `Buy ${quantityRuleShort(rules)} at today's open. Fails if cash is insufficient or the ` +
          'symbol is not tradable today.',
        sell:
          `Sell ${quantityRuleShort(rules)} you hold at today's open. Fails if you hold fewer than ` +
          `requested${rules.settlement === 'T+1' ? ' or bought them today (T+1)' : ''}.`,
      },
    };
  }
  marketTools.set(market, tools);
  return tools;
}

function orderSchema(side: 'buy' | 'sell', rules: OrderRules): z.ZodObject {
  const symbol = z.string().describe(`Symbol to ${side}`);
  if (rules.quantityDecimals > 0) {
    const smallest = 1 / 10 ** rules.quantityDecimals;
    return z.object({
      symbol,
      amount: z
        .number()
        .min(smallest)
        .describe(
          `Quantity to ${side}, up to ${rules.quantityDecimals} decimal places (at least ${smallest})`,
        ),
    });
  }
  return z.object({
    symbol,
    amount: z
      .number()
      .int()
      .min(rules.lotSize)
      .multipleOf(rules.lotSize)
      .describe(`Number of shares to ${side}, a multiple of ${rules.lotSize}`),
  });
}

export interface ToolJsonSpec {
  name: ToolName;
  description: string;
  parameters: Record<string, unknown>;
}

/** JSON-schema function definitions for the tools offered today (news only when a source exists). */
export function toolSpecs(options: { newsAvailable: boolean; market?: Market }): readonly ToolJsonSpec[] {
  const market = options.market ?? US_MARKET;
  const key = `${market.id}:${options.newsAvailable ? 'withNews' : 'withoutNews'}`;
  const cached = specCache.get(key);
  if (cached !== undefined) return cached;
  // The schemas never change at run time: converted once and frozen, they are shared by every model-day.
  const { schemas, descriptions } = toolsFor(market);
  const specs = deepFreeze(
    ALL_TOOL_NAMES.filter((name) => options.newsAvailable || name !== 'get_information').map((name) => ({
      name,
      description: descriptions[name],
      parameters: toolJsonSchema(schemas[name]),
    })),
  );
  specCache.set(key, specs);
  return specs;
}

const specCache = new Map<string, readonly ToolJsonSpec[]>();

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** A tool's zod arguments as the JSON schema agents see (the built-in loop's, and MCP's tool list). */
export function toolJsonSchema(arguments_: z.ZodObject): Record<string, unknown> {
  const schema = z.toJSONSchema(arguments_) as Record<string, unknown>;
  delete schema.$schema;
  const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
  // zod writes MAX_SAFE_INTEGER as the bound of int(); providers do not need it and some reject it.
  for (const prop of Object.values(properties ?? {})) {
    if (prop.maximum === Number.MAX_SAFE_INTEGER) delete prop.maximum;
  }
  return schema;
}

/** Validates arguments for a tool; an error string tells the model exactly what was wrong. */
export function validateToolArgs<N extends ToolName>(
  name: N,
  args: unknown,
): { ok: true; args: ToolArgs<N> } | { ok: false; error: string } {
  const result = TOOL_SCHEMAS[name].safeParse(args);
  if (result.success) return { ok: true, args: result.data as ToolArgs<N> };
  const problems = result.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`);
  return { ok: false, error: `Invalid arguments for ${name}: ${problems.join('; ')}` };
}

export function isToolName(name: string): name is ToolName {
  return Object.prototype.hasOwnProperty.call(TOOL_SCHEMAS, name);
}
