import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  ConfigError,
  enabledModels,
  externalModels,
  parseAppConfig,
  configuredUniverse,
  newsDisabled,
  tradingSetup,
} from '../../src/config/app-config.js';
import { EnvError, readEnv } from '../../src/config/env.js';
import { compatibilityNotes } from '../../src/config/compat-notes.js';

describe('config file', () => {
  it('accepts the shipped default config and fills agent defaults', () => {
    const cfg = parseAppConfig(JSON.parse(readFileSync('configs/default_config.json', 'utf8')));
    expect(enabledModels(cfg).length).toBeGreaterThan(1);
    expect(cfg.agent_config.initial_cash).toBe(10000);
    expect(configuredUniverse(cfg)).toHaveLength(101);
  });

  it('applies the contract defaults when agent_config is absent', () => {
    const cfg = parseAppConfig({ models: [{ name: 'A', basemodel: 'x/y', signature: 'a' }] });
    expect(cfg.agent_config).toMatchObject({
      max_steps: 30,
      max_retries: 3,
      base_delay: 1,
      initial_cash: 10000,
    });
    expect(cfg.models[0]?.enabled).toBe(true);
  });

  it('lists every problem at once', () => {
    try {
      parseAppConfig({
        models: [
          { name: '', basemodel: 'x', signature: 'a' },
          { name: 'B', basemodel: 'x', signature: 'a' },
        ],
        agent_config: { max_steps: 0, initial_cash: -5 },
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toContain('models.0.name');
      expect(problems).toContain('duplicate signature "a"');
      expect(problems).toContain('agent_config.max_steps');
      expect(problems).toContain('agent_config.initial_cash');
    }
  });

  it('plays a model with the built-in agent unless its kind is external', () => {
    const cfg = parseAppConfig({
      models: [
        { name: 'A', basemodel: 'x', signature: 'a' },
        { name: 'B', basemodel: 'my own agent', signature: 'b', kind: 'external' },
        { name: 'C', basemodel: 'x', signature: 'c', kind: 'external', enabled: false },
      ],
    });
    expect(cfg.models.map((m) => m.kind)).toEqual(['llm', 'external', 'external']);
    expect(externalModels(cfg)).toEqual(['b']);
    expect(() =>
      parseAppConfig({ models: [{ name: 'A', basemodel: 'x', signature: 'a', kind: 'remote' }] }),
    ).toThrow(/models\.0\.kind/);
  });

  it('rejects unknown keys so typos are not silently ignored', () => {
    expect(() =>
      parseAppConfig({ models: [{ name: 'A', basemodel: 'x', signature: 'a', enabeld: false }] }),
    ).toThrow(/enabeld/);
  });
});

describe('environment', () => {
  it('uses the documented defaults', () => {
    const env = readEnv({});
    expect(env).toMatchObject({
      DEPLOYMENT_MODE: 'PROD',
      PRESERVE_DEV_DATA: false,
      MAX_SIMULATION_DAYS: 30,
      DEFAULT_RESULTS_LOOKBACK_DAYS: 30,
      MAX_CONCURRENT_JOBS: 1,
      PORT: 8080,
      // No client-side budget: Alpha Vantage's own answers set the pace.
      ALPHAVANTAGE_REQUESTS_PER_MINUTE: 0,
      ALPHAVANTAGE_REQUESTS_PER_DAY: 0,
      MCP_IDLE_TIMEOUT_SECONDS: 300,
      MCP_CLAIM_TIMEOUT_SECONDS: 3600,
      MCP_MAX_SESSIONS: 64,
    });
    expect(env.HOST).toBeUndefined();
  });

  it('lets external days wait for ever with MCP_CLAIM_TIMEOUT_SECONDS=0, and refuses a negative wait', () => {
    expect(readEnv({ MCP_CLAIM_TIMEOUT_SECONDS: '0' }).MCP_CLAIM_TIMEOUT_SECONDS).toBe(0);
    expect(() => readEnv({ MCP_CLAIM_TIMEOUT_SECONDS: '-5' })).toThrow(/MCP_CLAIM_TIMEOUT_SECONDS/);
  });

  it('has safe defaults for the edge settings', () => {
    expect(readEnv({})).toMatchObject({
      HTTP_REQUEST_TIMEOUT_SECONDS: 30,
      HTTP_HEADERS_TIMEOUT_SECONDS: 10,
      HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: 5,
      HTTP_MAX_CONNECTIONS: 512,
      ALLOWED_HOSTS: [],
      RESULTS_FULL_REASONING_MAX_DAYS: 31,
    });
  });

  it.each([
    ['HTTP_REQUEST_TIMEOUT_SECONDS', '0'],
    ['HTTP_HEADERS_TIMEOUT_SECONDS', 'soon'],
    ['HTTP_KEEP_ALIVE_TIMEOUT_SECONDS', '-1'],
    ['HTTP_MAX_CONNECTIONS', '0'],
    ['ALLOWED_HOSTS', 'http://trader.example'],
    ['RESULTS_FULL_REASONING_MAX_DAYS', '1.5'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => readEnv({ [name]: value })).toThrow(new RegExp(name));
  });

  it('refuses a headers timeout longer than the request timeout they are part of', () => {
    expect(() => readEnv({ HTTP_REQUEST_TIMEOUT_SECONDS: '5', HTTP_HEADERS_TIMEOUT_SECONDS: '10' })).toThrow(
      /HTTP_HEADERS_TIMEOUT_SECONDS: must be <= HTTP_REQUEST_TIMEOUT_SECONDS/,
    );
  });

  it('parses DEV mode and flags case-insensitively', () => {
    const env = readEnv({ DEPLOYMENT_MODE: 'dev', PRESERVE_DEV_DATA: 'TRUE' });
    expect(env.DEPLOYMENT_MODE).toBe('DEV');
    expect(env.PRESERVE_DEV_DATA).toBe(true);
  });

  it('names every bad variable', () => {
    expect(() => readEnv({ DEPLOYMENT_MODE: 'STAGING', PORT: 'eighty', MAX_CONCURRENT_JOBS: '0' })).toThrow(
      EnvError,
    );
    try {
      readEnv({ DEPLOYMENT_MODE: 'STAGING', PORT: 'eighty', MAX_CONCURRENT_JOBS: '0' });
    } catch (err) {
      const text = (err as EnvError).problems.join('\n');
      expect(text).toContain('DEPLOYMENT_MODE');
      expect(text).toContain('PORT');
      expect(text).toContain('MAX_CONCURRENT_JOBS');
    }
  });
});

describe("the original server's config files", () => {
  const original = JSON.parse(readFileSync('test/data/original-config.json', 'utf8')) as Record<
    string,
    unknown
  >;

  it('start the server: agent_type, date_range and log_config are accepted', () => {
    const cfg = parseAppConfig(original);
    expect(enabledModels(cfg).map((m) => m.signature)).toEqual(['gpt-5']);
    expect(cfg.date_range).toEqual({ init_date: '2025-10-01', end_date: '2025-10-21' });
    expect(cfg.agent_config.initial_cash).toBe(10000);
  });

  it('say once what is done with each of those keys', () => {
    const notes = compatibilityNotes(parseAppConfig(original)).map((n) => n.message);
    expect(notes).toHaveLength(3);
    expect(notes[0]).toMatch(/agent_type "BaseAgent": every model runs the built-in tool-calling agent/);
    expect(notes[1]).toMatch(
      /date_range 2025-10-01\.\.2025-10-21: the default range of `ai-trader simulate`/,
    );
    expect(notes[2]).toMatch(/log_config\.log_path "\.\/data\/agent_data" is not used/);
  });

  it('warn about an agent_type this server does not have', () => {
    const notes = compatibilityNotes(parseAppConfig({ ...original, agent_type: 'HourlyAgent' }));
    expect(notes[0]).toMatchObject({ level: 'warn' });
    expect(notes[0]?.message).toContain('"HourlyAgent" is not available');
  });

  it('say nothing for a file without those keys', () => {
    expect(
      compatibilityNotes(parseAppConfig(JSON.parse(readFileSync('configs/default_config.json', 'utf8')))),
    ).toEqual([]);
  });

  it.each([
    [
      'a model key',
      { models: [{ name: 'A', basemodel: 'x', signature: 'a', enabeld: true }] },
      'models.0: unknown key "enabeld" (did you mean "enabled"?)',
    ],
    [
      'an agent_config key',
      { agent_config: { max_step: 10 } },
      'agent_config: unknown key "max_step" (did you mean "max_steps"?)',
    ],
    [
      'a top-level key',
      { date_rang: { init_date: '2025-10-01', end_date: '2025-10-02' } },
      '(root): unknown key "date_rang" (did you mean "date_range"?)',
    ],
    [
      'a log_config key',
      { log_config: { logpath: 'x' } },
      'log_config: unknown key "logpath" (did you mean "log_path"?)',
    ],
  ])('still refuse a real typo in %s, naming the key that was meant', (_where, change, problem) => {
    try {
      parseAppConfig({ ...original, ...change });
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).problems).toContain(problem);
    }
  });

  it('refuse an unknown key that resembles nothing without guessing', () => {
    try {
      parseAppConfig({ ...original, colour: 'blue' });
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).problems).toContain('(root): unknown key "colour"');
    }
  });

  it('refuse a date_range that is not a range of dates', () => {
    expect(() =>
      parseAppConfig({ ...original, date_range: { init_date: '2025-10-21', end_date: '2025-10-01' } }),
    ).toThrow(/date_range.init_date: init_date must be <= end_date/);
    expect(() =>
      parseAppConfig({ ...original, date_range: { init_date: '2025-13-01', end_date: '2025-10-01' } }),
    ).toThrow(/date_range.init_date: must be a date as YYYY-MM-DD/);
  });
});

describe("the benchmark's config files", () => {
  const models = [{ name: 'gpt-5', basemodel: 'openai/gpt-5', signature: 'gpt-5', enabled: true }];
  const agent = { max_steps: 10, max_retries: 3, base_delay: 1.0 };

  it('start a crypto server from BaseAgentCrypto with 50,000 USDT, and an A-share one from BaseAgentAStock', () => {
    const crypto = parseAppConfig({
      agent_type: 'BaseAgentCrypto',
      market: 'crypto',
      date_range: { init_date: '2025-11-01', end_date: '2025-11-13' },
      models,
      agent_config: { ...agent, initial_cash: 50000.0 },
      log_config: { log_path: './data/agent_data_crypto' },
    });
    expect(crypto.market).toBe('crypto');
    expect(tradingSetup(crypto)).toMatchObject({
      initialCash: 50_000,
      universe: expect.arrayContaining(['BTC-USDT']),
    });
    const cn = parseAppConfig({ agent_type: 'BaseAgentAStock', models, agent_config: agent });
    expect(cn.market).toBe('cn');
    expect(cn.agent_config.initial_cash).toBe(100_000);
    expect(configuredUniverse(cn)).toContain('600519.SH');
    const notes = compatibilityNotes(cn).map((n) => n.message);
    expect(notes[0]).toContain('under the rules of market cn (SSE-50, CNY)');
  });

  it('keep the us market and its 10,000 for BaseAgent without a market, as the original did', () => {
    const us = parseAppConfig({ agent_type: 'BaseAgent', models });
    expect(us.market).toBe('us');
    expect(tradingSetup(us, 'crypto')).toMatchObject({ initialCash: 50_000 });
    expect(tradingSetup(us).initialCash).toBe(10_000);
  });

  it('refuse an hourly agent type, and a market the agent type contradicts, naming the cause', () => {
    expect(() => parseAppConfig({ agent_type: 'BaseAgent_Hour', models })).toThrow(
      /agent_type "BaseAgent_Hour" trades hourly sessions, which this server does not run yet/,
    );
    expect(() => parseAppConfig({ agent_type: 'BaseAgentCrypto', market: 'us', models })).toThrow(
      /agent_type "BaseAgentCrypto" trades the crypto market, but market is "us"/,
    );
    expect(() => parseAppConfig({ market: 'forex', models })).toThrow(/market/);
  });

  it("accept the benchmark's agent_config keys, turning news off for disabled_tools search", () => {
    const cfg = parseAppConfig({
      models,
      agent_config: { ...agent, verbose: true, recursion_limit: 250, disabled_tools: ['search'] },
    });
    expect(newsDisabled(cfg)).toBe(true);
    expect(compatibilityNotes(cfg).map((n) => n.message)).toEqual([
      expect.stringContaining('verbose is not used'),
      expect.stringContaining('recursion_limit 250 is not used'),
      expect.stringContaining('news search is off for every model'),
    ]);
  });

  it('check stock_symbols against the market spelling', () => {
    expect(() =>
      parseAppConfig({ market: 'cn', models, agent_config: { stock_symbols: ['600519.SH', 'AAPL'] } }),
    ).toThrow(/"AAPL" is not a cn symbol \(e\.g\. 600519\.SH\)/);
  });
});
