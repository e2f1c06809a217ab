/**
 * A real server for end-to-end HTTP tests: a temp SQLite file, the fake Alpha Vantage serving the
 * real fixtures (the shared set, or the committed subset without it), the fake OpenAI-compatible LLM scripted per model, and `startServer` listening on
 * 127.0.0.1 with a free port. Tests talk to it with `fetch`, as any client would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createLogger } from '../../src/app/logger.js';
import { parseAppConfig, type AppConfig, type MockStrategyName } from '../../src/config/app-config.js';
import { readEnv } from '../../src/config/env.js';
import type { MarketId } from '../../src/core/markets/market.js';
import { FINISH_SIGNAL, SUMMARY_REQUEST } from '../../src/core/prompt.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import {
  fakeAlphaVantageEnv,
  startFakeAlphaVantage,
  type FakeAlphaVantage,
} from '../fakes/fake-alphavantage.js';
import { startFakeOpenAi, type FakeHandler, type FakeOpenAi, type FakeReply } from '../fakes/fake-openai.js';

/** Two models by default; the fake LLM is scripted by basemodel, which is `fake-<signature>`. */
export const DEFAULT_MODELS = ['alpha', 'beta'];
/**
 * A small universe keeps the download to four fixture files (with QQQ), all in the committed subset,
 * so the HTTP, job and end-to-end suites run without ../shared.
 */
export const DEFAULT_SYMBOLS = ['AAPL', 'MSFT', 'NVDA'];
export const API_KEY = 'sk-test-llm-key';
export const AV_KEY = 'av-test-key';

export interface TestModel {
  signature: string;
  enabled?: boolean;
  /** `external`: played by an MCP client, not the fake LLM. */
  kind?: 'llm' | 'external';
  /** Its `openai_base_url`, from the fake LLM's (default: the fake's own). */
  baseUrl?: (fakeBaseUrl: string) => string;
  /** Its `dev_strategy`: the mock that plays it with DEPLOYMENT_MODE=DEV. */
  devStrategy?: MockStrategyName;
}

export interface TestServerOptions {
  models?: TestModel[];
  /** `agent_config.stock_symbols`; null for the market's full default universe. */
  symbols?: string[] | null;
  /** The config's `market` (default: none, so us); its default universe and cash unless `symbols` say. */
  market?: MarketId;
  /** Extra environment (API_TOKEN, MAX_CONCURRENT_JOBS, ...). */
  env?: Record<string, string>;
  /** Per-model LLM scripts; models without one buy 5 AAPL and finish. */
  scripts?: Record<string, FakeHandler | FakeReply>;
  /** false: the API only, as `serve --no-worker` (default: with a job worker). */
  worker?: boolean;
}

export interface HttpResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface TestServer {
  url: string;
  /** The SQLite file it runs on, for other processes joining it. */
  databaseUrl: string;
  server: RunningServer;
  llm: FakeOpenAi;
  alphaVantage: FakeAlphaVantage;
  /** Every log line the server wrote, parsed. */
  logs: Json[];
  /** The raw log text, for "never logged" checks. */
  logText(): string;
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<HttpResponse<Json>>;
  trigger(body: Record<string, unknown>, headers?: Record<string, string>): Promise<HttpResponse<Json>>;
  status(jobId: string): Promise<Json>;
  /** Polls the status until `done` holds (default: a terminal job status) or the deadline passes. */
  waitFor(jobId: string, done?: (status: Json) => boolean, timeoutMs?: number): Promise<Json>;
  close(): Promise<void>;
}

export const TERMINAL = new Set(['completed', 'partial', 'failed']);
export const isTerminal = (status: Json): boolean => TERMINAL.has(status['status'] as string);

/** The model name the fake LLM sees for a signature. */
export const basemodelOf = (signature: string): string => `fake-${signature}`;

/**
 * An agent that buys `amount` of `symbol` on its first call, finishes on the next, and answers the
 * summary request: three LLM calls per model-day, judged from the conversation alone, so it behaves
 * the same on every day and in every job.
 */
export function buyAndFinish(symbol = 'AAPL', amount = 5, delayMs = 0): FakeHandler {
  return (body) => {
    const messages = body.messages;
    const last = messages[messages.length - 1];
    if (last?.role === 'user' && last.content === SUMMARY_REQUEST) {
      return { content: `Bought ${amount} ${symbol} at the open.`, delayMs };
    }
    if (!messages.some((m) => m.role === 'assistant')) {
      return { toolCalls: [{ name: 'buy', arguments: { symbol, amount } }], delayMs };
    }
    return { content: `Done for today. ${FINISH_SIGNAL}`, delayMs };
  };
}

export function testConfig(opts: TestServerOptions, llmBaseUrl: string): AppConfig {
  const models: TestModel[] = opts.models ?? DEFAULT_MODELS.map((signature) => ({ signature }));
  const symbols =
    opts.symbols === undefined && opts.market === undefined ? DEFAULT_SYMBOLS : (opts.symbols ?? null);
  return parseAppConfig({
    ...(opts.market ? { market: opts.market } : {}),
    models: models.map((m) => ({
      name: m.signature,
      basemodel: basemodelOf(m.signature),
      signature: m.signature,
      enabled: m.enabled ?? true,
      ...(m.kind ? { kind: m.kind } : {}),
      ...(m.devStrategy ? { dev_strategy: m.devStrategy } : {}),
      openai_base_url: m.baseUrl?.(llmBaseUrl) ?? llmBaseUrl,
      openai_api_key: API_KEY,
    })),
    agent_config: {
      max_steps: 5,
      max_retries: 0,
      base_delay: 0,
      ...(opts.market ? {} : { initial_cash: 10000 }),
      ...(symbols === null ? {} : { stock_symbols: symbols }),
    },
  });
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ai-trader-http-'));
  const llm = await startFakeOpenAi();
  const alphaVantage = await startFakeAlphaVantage({ key: AV_KEY });
  const models: TestModel[] = opts.models ?? DEFAULT_MODELS.map((signature) => ({ signature }));
  for (const { signature, kind } of models) {
    if (kind === 'external') continue;
    llm.script(basemodelOf(signature), opts.scripts?.[signature] ?? buyAndFinish());
  }

  const env = readEnv({
    DATABASE_URL: join(dir, 'test.db'),
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    ...fakeAlphaVantageEnv(alphaVantage, AV_KEY),
    ...opts.env,
  });
  let text = '';
  const logger: Logger = createLogger(env, { destination: { write: (line: string) => void (text += line) } });

  let server: RunningServer;
  try {
    server = await startServer({
      env,
      config: testConfig(opts, llm.baseURL),
      logger,
      ...(opts.worker === undefined ? {} : { worker: opts.worker }),
    });
  } catch (error) {
    await Promise.all([llm.close(), alphaVantage.close()]);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  const request = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResponse<Json>> => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const raw = await response.text();
    let parsed: Json;
    try {
      parsed = raw === '' ? {} : (JSON.parse(raw) as Json);
    } catch {
      parsed = { text: raw };
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };

  const status = async (jobId: string): Promise<Json> => {
    const response = await request('GET', `/simulate/status/${jobId}`);
    if (response.status !== 200) throw new Error(`status ${jobId}: HTTP ${response.status}`);
    return response.body;
  };

  return {
    url: server.url,
    databaseUrl: join(dir, 'test.db'),
    server,
    llm,
    alphaVantage,
    get logs() {
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Json);
    },
    logText: () => text,
    request,
    trigger: (body, headers) => request('POST', '/simulate/trigger', body, headers),
    status,
    async waitFor(jobId, done = isTerminal, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const current = await status(jobId);
        if (done(current)) return current;
        if (Date.now() > deadline) {
          throw new Error(`job ${jobId} did not reach the expected state; last: ${JSON.stringify(current)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async close() {
      await server.close();
      await Promise.all([llm.close(), alphaVantage.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
