import { z } from 'zod';

/**
 * Every environment variable the server reads, in one place. README.md documents each of them;
 * nothing else in the code reads process.env for configuration.
 */
const boolFlag = z
  .string()
  .optional()
  .transform((v) => (v ?? '').trim().toLowerCase())
  .refine((v) => ['', 'true', 'false', '1', '0', 'yes', 'no'].includes(v), 'must be true or false')
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? String(fallback) : v.trim()))
    .refine((v) => /^\d+$/.test(v) && Number(v) >= 1, 'must be a whole number >= 1')
    .transform(Number);

const nonNegativeNumber = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? String(fallback) : v.trim()))
    .refine((v) => Number.isFinite(Number(v)) && Number(v) >= 0, 'must be a number >= 0')
    .transform(Number);

const seconds = (fallback: number, minimum: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? String(fallback) : v.trim()))
    .refine(
      (v) => Number.isFinite(Number(v)) && Number(v) >= minimum,
      `must be a number of seconds >= ${minimum}`,
    )
    .transform(Number);

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/**
 * `ALLOWED_HOSTS`: names as a browser puts them in the Host header (`trader.example.com`), without
 * scheme, port or path; lower-cased. `*` alone turns the Host check off.
 */
const hostList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== ''),
  )
  .refine(
    (names) =>
      names.every((name) => name === '*' || /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$|^\[[0-9a-f:.]+\]$/.test(name)),
    'must be host names separated by commas (e.g. trader.example.com,trader), without scheme or port; or *',
  );

const envSchema = z.object({
  DEPLOYMENT_MODE: z
    .string()
    .optional()
    .transform((v) => (v ?? 'PROD').trim().toUpperCase())
    .pipe(z.enum(['PROD', 'DEV'])),
  PRESERVE_DEV_DATA: boolFlag,
  MAX_SIMULATION_DAYS: positiveInt(30),
  DEFAULT_RESULTS_LOOKBACK_DAYS: positiveInt(30),
  MAX_CONCURRENT_JOBS: positiveInt(1),
  WORKER_LEASE_SECONDS: seconds(15, 1),
  /** How long an external agent's claimed model-day may see no MCP call before it fails. */
  MCP_IDLE_TIMEOUT_SECONDS: seconds(300, 1),
  /** How long a job left with only external days to run waits for an agent before they fail; 0 = for ever. */
  MCP_CLAIM_TIMEOUT_SECONDS: seconds(3600, 0),
  /** MCP sessions (clients) the HTTP transport keeps open at once in one process. */
  MCP_MAX_SESSIONS: positiveInt(64),
  CONFIG_PATH: optionalText,
  DATABASE_URL: optionalText,
  HOST: optionalText,
  PORT: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? '8080' : v.trim()))
    .refine((v) => /^\d+$/.test(v) && Number(v) <= 65535, 'must be a port number 0-65535')
    .transform(Number),
  API_TOKEN: optionalText,
  LOG_LEVEL: z
    .string()
    .optional()
    .transform((v) => (v ?? 'info').trim().toLowerCase())
    .pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  ALPHAADVANTAGE_API_KEY: optionalText,
  ALPHAVANTAGE_BASE_URL: optionalText,
  ALPHAVANTAGE_REQUESTS_PER_MINUTE: nonNegativeNumber(0),
  ALPHAVANTAGE_REQUESTS_PER_DAY: nonNegativeNumber(0),
  OPENAI_API_KEY: optionalText,
  OPENAI_API_BASE: optionalText,
  JINA_API_KEY: optionalText,
  JINA_BASE_URL: optionalText,
  LLM_CASSETTE_DIR: optionalText,
  LLM_CASSETTE_MODE: z
    .string()
    .optional()
    .transform((v) => (v ?? 'record').trim().toLowerCase())
    .pipe(z.enum(['record', 'replay'])),
  // The server at the network's edge (README, "Security"): how long a client may take, how many may
  // connect at once, which names it may call the server by, and how much one read may ask for.
  /** Longest time a client may take to send one whole request, headers and body. */
  HTTP_REQUEST_TIMEOUT_SECONDS: seconds(30, 0.1),
  /** Longest time a client may take to send a request's headers. */
  HTTP_HEADERS_TIMEOUT_SECONDS: seconds(10, 0.1),
  /** How long an idle keep-alive connection stays open for the client's next request. */
  HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: seconds(5, 0.1),
  /** Connections open at once; the next is closed as it arrives. */
  HTTP_MAX_CONNECTIONS: positiveInt(512),
  /** Host names the server answers to besides loopback and HOST (comma-separated; `*` for any). */
  ALLOWED_HOSTS: hostList,
  /** Calendar days one `GET /results?reasoning=full` answer may cover. */
  RESULTS_FULL_REASONING_MAX_DAYS: positiveInt(31),
});

export type Env = z.infer<typeof envSchema>;

/** Settings that must agree with each other, checked after each is valid alone. */
function crossCheck(env: Env): string[] {
  const problems: string[] = [];
  if (env.HTTP_HEADERS_TIMEOUT_SECONDS > env.HTTP_REQUEST_TIMEOUT_SECONDS) {
    problems.push(
      'HTTP_HEADERS_TIMEOUT_SECONDS: must be <= HTTP_REQUEST_TIMEOUT_SECONDS (the headers are part of the request)',
    );
  }
  return problems;
}

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
    this.name = 'EnvError';
  }
}

/** Reads and validates the environment; lists every problem at once. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (result.success) {
    const problems = crossCheck(result.data);
    if (problems.length === 0) return result.data;
    throw new EnvError(problems);
  }
  throw new EnvError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
}

export const isDevMode = (env: Env): boolean => env.DEPLOYMENT_MODE === 'DEV';
