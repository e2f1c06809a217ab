import { pino, type DestinationStream, type Logger } from 'pino';
import type { Env } from '../config/env.js';

/** Secrets that may ride along in logged objects (URLs, headers, config); never written out. */
const SECRET_KEYS = ['apikey', 'api_key', 'openai_api_key', 'token', 'authorization'];

export const REDACT_PATHS: readonly string[] = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

export interface LoggerOptions {
  /** Where log lines go; stdout by default. */
  destination?: DestinationStream;
  name?: string;
}

/** The process's one logger (JSON lines), shared by the CLI, the server and the workers. */
export function createLogger(env: Pick<Env, 'LOG_LEVEL'>, opts: LoggerOptions = {}): Logger {
  const options = {
    level: env.LOG_LEVEL,
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    ...(opts.name === undefined ? {} : { name: opts.name }),
  };
  return opts.destination === undefined ? pino(options) : pino(options, opts.destination);
}
