import { readFileSync } from 'node:fs';
import { ConfigError, parseAppConfig, type AppConfig } from './app-config.js';

export const DEFAULT_CONFIG_PATH = 'configs/default_config.json';

/** Reads and validates the config file; any problem is a ConfigError listing all of them. */
export function loadConfigFile(path: string = DEFAULT_CONFIG_PATH): AppConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    throw new ConfigError(`Cannot read config file ${path}: ${reason}`, [reason]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const reason = `not valid JSON (${(error as Error).message})`;
    throw new ConfigError(`Invalid config file ${path}: ${reason}`, [reason]);
  }
  return parseAppConfig(raw, `config file ${path}`);
}
