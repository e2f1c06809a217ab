import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ConfigError, enabledModels, parseAppConfig, tradableSymbols } from '../../src/config/app-config.js';
import { EnvError, readEnv } from '../../src/config/env.js';

describe('config file', () => {
  it('accepts the shipped default config and fills agent defaults', () => {
    const cfg = parseAppConfig(JSON.parse(readFileSync('configs/default_config.json', 'utf8')));
    expect(enabledModels(cfg).length).toBeGreaterThan(1);
    expect(cfg.agent_config.initial_cash).toBe(10000);
    expect(tradableSymbols(cfg)).toHaveLength(101);
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
      ALPHAVANTAGE_REQUESTS_PER_MINUTE: 5,
      ALPHAVANTAGE_REQUESTS_PER_DAY: 25,
    });
    expect(env.HOST).toBeUndefined();
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
