/**
 * What a real `ai-trader` process under test runs against: the fake LLM (every model scripted) and
 * the fake Alpha Vantage in the test process, a config file naming the models, and the environment
 * that points the process at them and at its database.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  fakeAlphaVantageEnv,
  startFakeAlphaVantage,
  type FakeAlphaVantage,
} from '../fakes/fake-alphavantage.js';
import { startFakeOpenAi, type FakeHandler, type FakeOpenAi } from '../fakes/fake-openai.js';
import { AV_KEY, basemodelOf, buyAndFinish, testConfig } from './http-server.js';

export interface FakeBackendOptions {
  /** Where the config file goes (the database may live elsewhere). */
  dir: string;
  databaseUrl: string;
  models: readonly string[];
  /** Per-model LLM scripts; models without one buy 2 AAPL and finish. */
  scripts?: Record<string, FakeHandler> | undefined;
  /** `agent_config.max_concurrent_models`: model-days of one job a worker runs at once. */
  maxConcurrentModels?: number | undefined;
  /** Set last, over everything else in the process's environment. */
  env?: Record<string, string> | undefined;
}

export interface FakeBackends {
  llm: FakeOpenAi;
  av: FakeAlphaVantage;
  /** The process's whole environment: nothing of the test's own leaks into it but PATH and HOME. */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/** Starts the fakes and writes the config; `processEnv` (e.g. PORT) goes under `options.env`. */
export async function startFakeBackends(
  options: FakeBackendOptions,
  processEnv: Record<string, string> = {},
): Promise<FakeBackends> {
  const llm = await startFakeOpenAi();
  const av = await startFakeAlphaVantage({ key: AV_KEY });
  for (const m of options.models) llm.script(basemodelOf(m), options.scripts?.[m] ?? buyAndFinish('AAPL', 2));
  const config = testConfig({ models: options.models.map((signature) => ({ signature })) }, llm.baseURL);
  if (options.maxConcurrentModels !== undefined)
    config.agent_config.max_concurrent_models = options.maxConcurrentModels;
  const configPath = join(options.dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(config));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CONFIG_PATH: configPath,
    DATABASE_URL: options.databaseUrl,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    ...processEnv,
    ...fakeAlphaVantageEnv(av, AV_KEY),
    ...options.env,
  };
  return {
    llm,
    av,
    env,
    close: async () => {
      await Promise.all([llm.close(), av.close()]);
    },
  };
}
