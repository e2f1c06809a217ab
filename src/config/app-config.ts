import { z } from 'zod';
import { NASDAQ_100_SYMBOLS } from '../core/universe.js';

/** Mock strategies that stand in for real models in DEV mode and in the demo. */
export const MOCK_STRATEGIES = ['momentum', 'mean_reversion', 'buy_and_hold', 'random'] as const;
export type MockStrategyName = (typeof MOCK_STRATEGIES)[number];

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
  })
  .strict();

const agentConfigSchema = z
  .object({
    max_steps: z.number().int().min(1).max(500).default(30),
    max_retries: z.number().int().min(0).max(20).default(3),
    /** Seconds; the first retry's backoff. */
    base_delay: z.number().min(0).max(120).default(1.0),
    initial_cash: z.number().positive().max(1e12).default(10000),
    stock_symbols: z
      .array(z.string().regex(/^[A-Z][A-Z0-9.-]{0,9}$/, 'symbols are upper-case tickers'))
      .min(1)
      .optional(),
    commission_bps: z.number().min(0).max(1000).default(0),
    slippage_bps: z.number().min(0).max(1000).default(0),
    /** How many models of a job trade at the same time. */
    max_concurrent_models: z.number().int().min(1).max(64).default(4),
  })
  .strict();

export const appConfigSchema = z
  .object({
    models: z.array(modelSchema).min(1),
    agent_config: agentConfigSchema.default(agentConfigSchema.parse({})),
  })
  .strict()
  .superRefine((cfg, ctx) => {
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
    return `${where}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid ${source}:\n  - ${problems.join('\n  - ')}`, problems);
}

/** The tradable universe of a config: its `stock_symbols`, else the default NASDAQ-100 list. */
export function tradableSymbols(cfg: AppConfig): readonly string[] {
  return cfg.agent_config.stock_symbols ?? NASDAQ_100_SYMBOLS;
}

export function enabledModels(cfg: AppConfig): ModelConfig[] {
  return cfg.models.filter((m) => m.enabled);
}
