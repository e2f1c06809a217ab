import { z } from 'zod';
import { isIsoDate } from '../core/dates.js';
import type { CostModel } from '../core/ledger/costs.js';
import {
  DEFAULT_MARKET_ID,
  MARKET_IDS,
  marketById,
  type Market,
  type MarketId,
} from '../core/markets/index.js';
import { agentTypeProblem, marketOfAgentType } from './agent-types.js';
import { closestKey } from './closest-key.js';

/** Mock strategies that stand in for real models in DEV mode and in the demo. */
export const MOCK_STRATEGIES = ['momentum', 'mean_reversion', 'buy_and_hold', 'random'] as const;
export type MockStrategyName = (typeof MOCK_STRATEGIES)[number];

/** Who plays a model: the built-in agent loop, or an external agent over MCP. */
export const MODEL_KINDS = ['llm', 'external'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

const pricingSchema = z
  .object({
    /** USD per million prompt tokens. */
    prompt_per_million: z.number().nonnegative(),
    /** USD per million completion tokens. */
    completion_per_million: z.number().nonnegative(),
  })
  .strict();

const modelSchema = z
  .object({
    name: z.string().min(1),
    basemodel: z.string().min(1),
    signature: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9._:-]+$/, 'signature may only hold letters, digits, ".", "_", ":" and "-"'),
    enabled: z.boolean().default(true),
    openai_base_url: z.string().url().optional(),
    openai_api_key: z.string().min(1).optional(),
    pricing: pricingSchema.optional(),
    /** Which mock strategy plays this model in DEV mode (default: chosen from the signature). */
    dev_strategy: z.enum(MOCK_STRATEGIES).optional(),
    /**
     * Who plays the model: `llm` (default), the built-in agent loop over an OpenAI-compatible
     * endpoint (or a mock strategy in DEV); `external`, an agent this server does not host, which
     * claims the model's days over MCP (see src/mcp).
     */
    kind: z.enum(MODEL_KINDS).default('llm'),
  })
  .strict();

const agentConfigSchema = z
  .object({
    max_steps: z.number().int().min(1).max(500).default(30),
    max_retries: z.number().int().min(0).max(20).default(3),
    /** Seconds; the first retry's backoff. */
    base_delay: z.number().min(0).max(120).default(1.0),
    /** Starting cash in the config's market; absent, that market's default (USD 10,000 for us). */
    initial_cash: z.number().positive().max(1e12).optional(),
    /** The config's market's tradable symbols, in its spelling (AAPL, 600519.SH, BTC-USDT). */
    stock_symbols: z
      .array(z.string().regex(/^[A-Z0-9][A-Z0-9.-]{0,14}$/, 'symbols are upper-case tickers'))
      .min(1)
      .optional(),
    commission_bps: z.number().min(0).max(1000).default(0),
    slippage_bps: z.number().min(0).max(1000).default(0),
    /** How many models of a job trade at the same time. */
    max_concurrent_models: z.number().int().min(1).max(64).default(4),
    /**
     * The benchmark's tool switch: `search` (or `get_information`) listed here turns news off for
     * every model; other names are reported at start-up and otherwise ignored.
     */
    disabled_tools: z.array(z.string().min(1)).optional(),
    // Keys of the benchmark's own files, accepted so those files start the server (see compat-notes.ts).
    verbose: z.boolean().optional(),
    recursion_limit: z.number().int().positive().optional(),
  })
  .strict();

const configDate = z.string().refine(isIsoDate, 'must be a date as YYYY-MM-DD');

/** The original server's default range for its own runs; here the CLI's default `simulate` range. */
const dateRangeSchema = z
  .object({ init_date: configDate, end_date: configDate })
  .strict()
  .refine((r) => r.init_date <= r.end_date, {
    message: 'init_date must be <= end_date',
    path: ['init_date'],
  });

/** Where the original server wrote its per-day logs; reported at start-up (reasoning lives in the database here). */
const logConfigSchema = z.object({ log_path: z.string().min(1) }).strict();

const rawConfigSchema = z
  .object({
    models: z.array(modelSchema).min(1),
    agent_config: agentConfigSchema.default(agentConfigSchema.parse({})),
    /** The market jobs trade unless a trigger names another; absent, the one agent_type implies, else us. */
    market: z.enum(MARKET_IDS).optional(),
    // Keys of the original server's files, accepted so those files keep working (see compat-notes.ts).
    agent_type: z.string().min(1).optional(),
    date_range: dateRangeSchema.optional(),
    log_config: logConfigSchema.optional(),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const agentTypeIssue = agentTypeProblem(cfg.agent_type, cfg.market);
    if (agentTypeIssue !== undefined)
      ctx.addIssue({ code: 'custom', path: ['agent_type'], message: agentTypeIssue });
    const market = marketById(resolvedMarketId(cfg));
    cfg.agent_config.stock_symbols?.forEach((symbol, i) => {
      if (!market.symbolPattern.test(symbol)) {
        ctx.addIssue({
          code: 'custom',
          path: ['agent_config', 'stock_symbols', i],
          message: `"${symbol}" is not a ${market.id} symbol (e.g. ${market.symbolExample})`,
        });
      }
    });
    const seen = new Set<string>();
    cfg.models.forEach((m, i) => {
      if (seen.has(m.signature)) {
        ctx.addIssue({
          code: 'custom',
          path: ['models', i, 'signature'],
          message: `duplicate signature "${m.signature}"`,
        });
      }
      seen.add(m.signature);
    });
  });

function resolvedMarketId(cfg: { market?: MarketId | undefined; agent_type?: string | undefined }): MarketId {
  return cfg.market ?? marketOfAgentType(cfg.agent_type) ?? DEFAULT_MARKET_ID;
}

/**
 * A config file as the server uses it: its market settled (from `market`, else from the benchmark's
 * `agent_type`, else us) and `initial_cash` filled with that market's default when absent.
 */
export const appConfigSchema = rawConfigSchema.transform((cfg) => {
  const market = resolvedMarketId(cfg);
  return {
    ...cfg,
    market,
    agent_config: {
      ...cfg.agent_config,
      initial_cash: cfg.agent_config.initial_cash ?? marketById(market).defaultInitialCash,
    },
  };
});

export type AppConfig = z.infer<typeof appConfigSchema>;
export type ModelConfig = z.infer<typeof modelSchema>;
export type AgentConfig = z.infer<typeof agentConfigSchema>;

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Validates a parsed config file, listing every problem at once so a user can fix them in one go. */
export function parseAppConfig(raw: unknown, source = 'config'): AppConfig {
  const result = appConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return `${where}: ${issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys, shapeAt(issue.path)) : issue.message}`;
  });
  throw new ConfigError(`Invalid ${source}:\n  - ${problems.join('\n  - ')}`, problems);
}

/** The keys a config object at `path` may hold, so a typo can be answered with the key that was meant. */
function shapeAt(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return Object.keys(rawConfigSchema.shape);
  if (path.includes('pricing')) return Object.keys(pricingSchema.shape);
  const objects: Record<string, z.ZodObject> = {
    models: modelSchema,
    agent_config: agentConfigSchema,
    date_range: dateRangeSchema,
    log_config: logConfigSchema,
  };
  const schema = objects[String(path[0])];
  return schema === undefined ? [] : Object.keys(schema.shape);
}

function unknownKeysMessage(keys: readonly string[], known: readonly string[]): string {
  return keys
    .map((key) => {
      const meant = closestKey(key, known);
      return `unknown key "${key}"${meant === undefined ? '' : ` (did you mean "${meant}"?)`}`;
    })
    .join('; ');
}

/** The tradable universe of a config's own market: its `stock_symbols`, else the market's default list. */
export function configuredUniverse(cfg: AppConfig): readonly string[] {
  return cfg.agent_config.stock_symbols ?? marketById(cfg.market).defaultUniverse;
}

/** What a job in `marketId` trades with under this config. */
export interface TradingSetup {
  market: Market;
  universe: readonly string[];
  initialCash: number;
  costs: CostModel;
}

/**
 * The config's `initial_cash` and `stock_symbols` describe its own market; a job in another market
 * trades that market's default universe from its default cash. Costs apply everywhere.
 */
export function tradingSetup(cfg: AppConfig, marketId: MarketId = cfg.market): TradingSetup {
  const market = marketById(marketId);
  const own = marketId === cfg.market;
  return {
    market,
    universe: own ? configuredUniverse(cfg) : market.defaultUniverse,
    initialCash: own ? cfg.agent_config.initial_cash : market.defaultInitialCash,
    costs: configuredCosts(cfg),
  };
}

/** Whether the config turns news off (the benchmark's `disabled_tools: ["search"]`). */
export function newsDisabled(cfg: AppConfig): boolean {
  return (cfg.agent_config.disabled_tools ?? []).some(
    (tool) => tool === 'search' || tool === 'get_information',
  );
}

/** The trading costs of a config's `agent_config`, as the ledger takes them. */
export function configuredCosts(cfg: AppConfig): CostModel {
  return { commissionBps: cfg.agent_config.commission_bps, slippageBps: cfg.agent_config.slippage_bps };
}

export function enabledModels(cfg: AppConfig): ModelConfig[] {
  return cfg.models.filter((m) => m.enabled);
}

/** Signatures of the enabled models external agents play: built-in workers leave their days alone. */
export function externalModels(cfg: AppConfig): string[] {
  return enabledModels(cfg)
    .filter((m) => m.kind === 'external')
    .map((m) => m.signature);
}
