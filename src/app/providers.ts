import {
  MOCK_STRATEGIES,
  type AgentConfig,
  type ModelConfig,
  type MockStrategyName,
} from '../config/app-config.js';
import type { Env } from '../config/env.js';
import { hashString } from '../market-data/demo/prng.js';
import { MockProvider } from '../llm/mock-provider.js';
import { OpenAiCompatibleProvider } from '../llm/openai-provider.js';
import type { LlmProvider } from '../llm/provider.js';
import type { RunSampling } from '../jobs/job-store.js';

/** The mock strategy that plays a model in DEV mode: its `dev_strategy`, else one picked from its signature. */
export function devStrategyFor(model: ModelConfig): MockStrategyName {
  return (
    model.dev_strategy ??
    (MOCK_STRATEGIES[hashString(model.signature) % MOCK_STRATEGIES.length] as MockStrategyName)
  );
}

/**
 * One provider per model and sampling, made once: a deterministic mock in DEV mode, else the model's
 * OpenAI-compatible endpoint (its own base URL and key, falling back to OPENAI_API_BASE / OPENAI_API_KEY).
 * A run's seed seeds the mock's randomness, and is sent to the endpoint (the OpenAI API's `seed`);
 * without sampling the mock keeps its seed 0 and requests carry no seed, as they always did.
 */
export function createProviderFactory(
  env: Env,
  agent: AgentConfig,
  devMode: boolean,
): (model: ModelConfig, sampling?: RunSampling) => LlmProvider {
  const cache = new Map<string, LlmProvider>();
  return (model, sampling) => {
    const key = JSON.stringify([model.signature, sampling?.seed ?? null]);
    let provider = cache.get(key);
    if (!provider) {
      const seed = sampling === undefined ? {} : { seed: sampling.seed };
      provider = devMode
        ? new MockProvider({ strategy: devStrategyFor(model), signature: model.signature, ...seed })
        : new OpenAiCompatibleProvider({
            ...seed,
            model: model.basemodel,
            name: model.signature,
            ...withDefined('baseURL', model.openai_base_url ?? env.OPENAI_API_BASE),
            ...withDefined('apiKey', model.openai_api_key ?? env.OPENAI_API_KEY),
            ...withDefined('keySetting', keySettingOf(model, env)),
            maxRetries: agent.max_retries,
            baseDelayMs: agent.base_delay * 1000,
          });
      cache.set(key, provider);
    }
    return provider;
  };
}

/** Where a model's key comes from, for error messages: its own config entry first, then the environment. */
function keySettingOf(model: ModelConfig, env: Env): string | undefined {
  if (model.openai_api_key !== undefined) return `models[${model.signature}].openai_api_key`;
  return env.OPENAI_API_KEY === undefined ? undefined : 'OPENAI_API_KEY';
}

function withDefined<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
