import { listenOnLoopback } from '../helpers/listen.js';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { FIXTURES_DIR, fixtureText } from '../helpers/fixtures.js';
import { CN_FIXTURES_DIR, CRYPTO_FIXTURES_DIR } from '../helpers/market-fixtures.js';

/**
 * The texts Alpha Vantage really sends (always with HTTP 200), as seen in public reports of its
 * responses. Kept verbatim so the client's classification is tested against the real wording.
 */
export const AV_WIRE_TEXTS = {
  /** The per-minute throttle, sent under `Note`. */
  minuteLimitNote:
    'Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute and 500 calls per day. Please visit https://www.alphavantage.co/premium/ if you would like to target a higher API call frequency.',
  /** The free tier's daily limit, sent under `Information`; note that it echoes the key back. */
  dailyLimitInformation: (apiKey: string): string =>
    `We have detected your API key as ${apiKey} and our standard API rate limit is 25 requests per day. Please subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly remove all daily rate limits.`,
  /** The newer daily-limit wording, sent under `Information` without the key. */
  dailyLimitPlain:
    'Thank you for using Alpha Vantage! Our standard API rate limit is 25 requests per day. Please subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly remove all daily rate limits.',
  /** The burst throttle, sent under `Information`; it mentions the daily limit it could lift. */
  burstInformation:
    'Thank you for using Alpha Vantage! Please consider spreading out your free API requests more sparingly (1 request per second). You may subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to lift the free key rate limit (25 requests per day), and instantly unlock all premium endpoints',
  /** Sent under `Error Message` when `apikey` is missing or unknown. */
  invalidKey:
    'the parameter apikey is invalid or missing. Please claim your free API key on (https://www.alphavantage.co/support/#api-key). It should take less than 20 seconds.',
  /** Sent under `Error Message` for a symbol Alpha Vantage does not know. */
  invalidCall:
    'Invalid API call. Please retry or visit the documentation (https://www.alphavantage.co/documentation/) for TIME_SERIES_DAILY.',
  /** Sent under `Information` when a free key asks for `outputsize=full`. */
  premiumFullOutput:
    'Thank you for using Alpha Vantage! The outputsize=full parameter value is a premium feature for the TIME_SERIES_DAILY endpoint. You may subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly unlock all premium features',
} as const;

export type FakeBehaviour =
  | 'ok'
  | 'rate_limit_note'
  | 'rate_limit_information'
  | 'rate_limit_burst'
  | 'http_429'
  /** HTTP 429 with `Retry-After: 1`. */
  | 'http_429_retry_after'
  | 'invalid_key'
  | 'unknown_symbol'
  /** Like a free key: `outputsize=full` gets the premium notice, compact requests are served normally. */
  | 'premium'
  | 'http_500'
  | 'bad_json'
  | 'empty_series'
  /** Accepts the request and never answers. */
  | 'hang';

export interface FakeRequest {
  /** As Alpha Vantage spells it: `AAPL`, `600519.SHH`, or a coin's code (`BTC`). */
  symbol: string;
  /** As sent, or Alpha Vantage's default `compact` (DIGITAL_CURRENCY_DAILY has no sizes: it is ignored). */
  outputSize: string;
  apikey: string;
  /** The quote market of a DIGITAL_CURRENCY_DAILY request (`USD`); absent on other requests. */
  market?: string;
}

export interface FakeAlphaVantage {
  baseUrl: string;
  /** Every request received, in order. */
  readonly requests: readonly FakeRequest[];
  /**
   * Scripts the answers for one symbol (or '*' for all). The latest script wins; with `times` it
   * applies to that many requests and then the previous script (or normal service) resumes.
   * Symbol-specific scripts beat '*'.
   */
  behave(symbol: string, behaviour: FakeBehaviour, options?: { times?: number }): void;
  /** After `n` more requests, every request gets the daily-limit notice (until `reset`). */
  rateLimitAfter(n: number): void;
  /**
   * Serves at most `n` requests in any sliding window (until `reset`), like Alpha Vantage's
   * per-minute limit; a request over it gets the per-minute `Note` (HTTP 200) and is not counted.
   */
  limitPerWindow(n: number, options?: WindowLimitOptions): void;
  /** Forgets requests, scripts and the limits. */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeAlphaVantageOptions {
  /**
   * Where `<SYMBOL>.json` TIME_SERIES_DAILY responses live; defaults to the fixtures of this run (the
   * full shared set, or the committed subset without it). A symbol with no file gets Alpha Vantage's
   * unknown-symbol answer.
   */
  fixturesDir?: string;
  /** Where `<CODE>.SHH.json` TIME_SERIES_DAILY responses of Shanghai stocks live; default CN_FIXTURES_DIR. */
  cnFixturesDir?: string;
  /** Where `<COIN>.json` DIGITAL_CURRENCY_DAILY (market USD) responses live; default CRYPTO_FIXTURES_DIR. */
  cryptoFixturesDir?: string;
  /** When set, any other `apikey` gets the invalid-key answer. A missing `apikey` always does. */
  key?: string;
}

export interface WindowLimitOptions {
  /** Default 60 s, as Alpha Vantage's per-minute limit. */
  windowMs?: number;
  /** The clock the window is measured with (ms); default `performance.now`. */
  now?: () => number;
}

interface Script {
  behaviour: FakeBehaviour;
  remaining: number;
}

type SeriesPayload = { 'Meta Data': Record<string, string>; 'Time Series (Daily)': Record<string, unknown> };

/** The functions the fake serves, and the key of each one's bars. */
const SERIES_KEYS = {
  TIME_SERIES_DAILY: 'Time Series (Daily)',
  DIGITAL_CURRENCY_DAILY: 'Time Series (Digital Currency Daily)',
} as const;
type SeriesFunction = keyof typeof SERIES_KEYS;

function isSeriesFunction(fn: string): fn is SeriesFunction {
  return fn in SERIES_KEYS;
}

/** Alpha Vantage's unknown-symbol answer names the function asked for. */
function invalidCallFor(fn: string): string {
  return AV_WIRE_TEXTS.invalidCall.replace('TIME_SERIES_DAILY', fn);
}

function readPayload(file: string): SeriesPayload | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SeriesPayload) : undefined;
}

const COMPACT_BARS = 100;
const SAFE_SYMBOL = /^[A-Z0-9.-]{1,15}$/;

/** Starts a fake Alpha Vantage on 127.0.0.1 with an ephemeral port. */
export async function startFakeAlphaVantage(
  options: FakeAlphaVantageOptions = {},
): Promise<FakeAlphaVantage> {
  const fixturesDir = options.fixturesDir ?? FIXTURES_DIR;
  const cnFixturesDir = options.cnFixturesDir ?? CN_FIXTURES_DIR;
  const cryptoFixturesDir = options.cryptoFixturesDir ?? CRYPTO_FIXTURES_DIR;
  const requests: FakeRequest[] = [];
  const scripts = new Map<string, Script[]>();
  const fixtureCache = new Map<string, SeriesPayload | undefined>();
  let limitAfterIndex: number | undefined;
  let windowLimit: SlidingWindowLimit | undefined;

  /** A US fixture file of the folder; with the default folder, also the stand-ins fixtureText gives. */
  function readUsSeries(symbol: string): SeriesPayload | undefined {
    const file = join(fixturesDir, `${symbol}.json`);
    if (existsSync(file)) return readPayload(file);
    if (options.fixturesDir !== undefined) return undefined;
    try {
      return JSON.parse(fixtureText(symbol)) as SeriesPayload;
    } catch {
      return undefined; // not a universe symbol: Alpha Vantage does not know it either
    }
  }

  /** The stored answer of one series: Shanghai and Shenzhen stocks and coins from their own folders. */
  function readSeries(fn: SeriesFunction, symbol: string): SeriesPayload | undefined {
    if (fn === 'DIGITAL_CURRENCY_DAILY') return readPayload(join(cryptoFixturesDir, `${symbol}.json`));
    if (/\.SH[HZ]$/.test(symbol)) return readPayload(join(cnFixturesDir, `${symbol}.json`));
    return readUsSeries(symbol);
  }

  function loadFixture(fn: SeriesFunction, symbol: string): SeriesPayload | undefined {
    if (!SAFE_SYMBOL.test(symbol)) return undefined;
    const key = `${fn} ${symbol}`;
    if (!fixtureCache.has(key)) fixtureCache.set(key, readSeries(fn, symbol));
    return fixtureCache.get(key);
  }

  /** The scripted behaviour for this request, consuming one use of it. */
  function takeScript(symbol: string, outputSize: string): FakeBehaviour | undefined {
    const stack = scripts.get(symbol)?.length ? scripts.get(symbol) : scripts.get('*');
    const top = stack?.[stack.length - 1];
    if (!stack || !top) return undefined;
    // A free key is refused only the full history; its compact requests don't count against the script.
    if (top.behaviour === 'premium' && outputSize !== 'full') return undefined;
    top.remaining -= 1;
    if (top.remaining <= 0) stack.pop();
    return top.behaviour;
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    if (url.pathname !== '/query') return sendText(res, 404, 'Not Found');
    const params = url.searchParams;
    const rawSymbol = params.get('symbol') ?? '';
    const outputSize = params.get('outputsize') ?? 'compact';
    const apikey = params.get('apikey') ?? '';
    const market = params.get('market');
    requests.push({ symbol: rawSymbol, outputSize, apikey, ...(market === null ? {} : { market }) });
    const symbol = rawSymbol.toUpperCase();
    const fn = params.get('function') ?? '';

    const scripted = takeScript(symbol, outputSize);
    if (scripted && scripted !== 'ok') return misbehave(res, scripted, symbol, apikey, fn);

    if (apikey === '' || (options.key !== undefined && apikey !== options.key)) {
      return sendJson(res, { 'Error Message': AV_WIRE_TEXTS.invalidKey });
    }
    if (limitAfterIndex !== undefined && requests.length > limitAfterIndex) {
      return sendJson(res, { Information: AV_WIRE_TEXTS.dailyLimitInformation(apikey) });
    }
    if (windowLimit && !windowLimit.admit()) return sendJson(res, { Note: AV_WIRE_TEXTS.minuteLimitNote });
    if (!isSeriesFunction(fn))
      return sendJson(res, { 'Error Message': `This API function (${fn}) does not exist.` });
    // The fixtures are quoted in USD; a coin asked for without a market (or in another) is not served.
    if (fn === 'DIGITAL_CURRENCY_DAILY' && market?.toUpperCase() !== 'USD')
      return sendJson(res, { 'Error Message': invalidCallFor(fn) });

    const fixture = loadFixture(fn, symbol);
    if (!fixture) return sendJson(res, { 'Error Message': invalidCallFor(fn) });
    // DIGITAL_CURRENCY_DAILY has no output sizes: it always sends the whole series it has.
    if (fn === 'DIGITAL_CURRENCY_DAILY') return sendJson(res, fixture);
    sendJson(res, sizedSeries(fixture, outputSize === 'full' ? 'full' : 'compact'));
  }

  const server = createServer(handle);
  const baseUrl = await listenOnLoopback(server);

  return {
    baseUrl,
    requests,
    behave(symbol, behaviour, behaveOptions = {}) {
      const times = behaveOptions.times ?? Number.POSITIVE_INFINITY;
      if (!(times > 0)) throw new RangeError(`times must be positive, got ${times}`);
      const key = symbol === '*' ? '*' : symbol.toUpperCase();
      const stack = scripts.get(key) ?? [];
      stack.push({ behaviour, remaining: times });
      scripts.set(key, stack);
    },
    rateLimitAfter(n) {
      limitAfterIndex = requests.length + n;
    },
    limitPerWindow(n, windowOptions = {}) {
      windowLimit = new SlidingWindowLimit(n, windowOptions);
    },
    reset() {
      requests.length = 0;
      scripts.clear();
      limitAfterIndex = undefined;
      windowLimit = undefined;
    },
    close() {
      // Hanging requests and keep-alive sockets would otherwise hold close() open forever.
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

function misbehave(
  res: ServerResponse,
  behaviour: Exclude<FakeBehaviour, 'ok'>,
  symbol: string,
  apikey: string,
  fn: string,
): void {
  switch (behaviour) {
    case 'rate_limit_note':
      return sendJson(res, { Note: AV_WIRE_TEXTS.minuteLimitNote });
    case 'rate_limit_information':
      return sendJson(res, { Information: AV_WIRE_TEXTS.dailyLimitInformation(apikey) });
    case 'rate_limit_burst':
      return sendJson(res, { Information: AV_WIRE_TEXTS.burstInformation });
    case 'http_429':
      return sendText(res, 429, 'Too Many Requests');
    case 'http_429_retry_after':
      res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '1' });
      res.end('Too Many Requests');
      return;
    case 'invalid_key':
      return sendJson(res, { 'Error Message': AV_WIRE_TEXTS.invalidKey });
    case 'unknown_symbol':
      return sendJson(res, { 'Error Message': invalidCallFor(fn) });
    case 'premium':
      return sendJson(res, { Information: AV_WIRE_TEXTS.premiumFullOutput });
    case 'http_500':
      return sendText(res, 500, 'Internal Server Error');
    case 'bad_json':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        '{\n    "Meta Data": {\n        "1. Information": "Daily Prices (open, high, low, close) and Volumes",\n        "2. Sym',
      );
      return;
    case 'empty_series':
      return sendJson(res, emptySeries(fn, symbol));
    case 'hang':
      return;
  }
}

/** At most `limit` admissions in any sliding window; refused requests do not count. */
class SlidingWindowLimit {
  private readonly windowMs: number;
  private readonly now: () => number;
  private admitted: number[] = [];

  constructor(
    private readonly limit: number,
    options: WindowLimitOptions,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be >= 1, got ${limit}`);
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? (() => performance.now());
  }

  admit(): boolean {
    const now = this.now();
    this.admitted = this.admitted.filter((time) => time > now - this.windowMs);
    if (this.admitted.length >= this.limit) return false;
    this.admitted.push(now);
    return true;
  }
}

/** The fixture as Alpha Vantage would serve it for that output size: compact keeps the latest 100 bars. */
function sizedSeries(fixture: SeriesPayload, outputSize: 'compact' | 'full'): SeriesPayload {
  const dates = Object.keys(fixture['Time Series (Daily)']).sort().reverse();
  const kept = outputSize === 'full' ? dates : dates.slice(0, COMPACT_BARS);
  const series: Record<string, unknown> = {};
  for (const date of kept) series[date] = fixture['Time Series (Daily)'][date];
  return {
    'Meta Data': {
      ...fixture['Meta Data'],
      '4. Output Size': outputSize === 'full' ? 'Full size' : 'Compact',
    },
    'Time Series (Daily)': series,
  };
}

/** A well-formed answer without a single bar, in the shape of the function asked for. */
function emptySeries(fn: string, symbol: string): Record<string, unknown> {
  if (fn !== 'DIGITAL_CURRENCY_DAILY')
    return { 'Meta Data': metaData(symbol, 'Compact'), [SERIES_KEYS.TIME_SERIES_DAILY]: {} };
  return {
    'Meta Data': {
      '1. Information': 'Daily Prices and Volumes for Digital Currency',
      '2. Digital Currency Code': symbol,
      '4. Market Code': 'USD',
      '7. Time Zone': 'UTC',
    },
    [SERIES_KEYS.DIGITAL_CURRENCY_DAILY]: {},
  };
}

function metaData(symbol: string, outputSize: string): Record<string, string> {
  return {
    '1. Information': 'Daily Prices (open, high, low, close) and Volumes',
    '2. Symbol': symbol,
    '3. Last Refreshed': '2025-10-30',
    '4. Output Size': outputSize,
    '5. Time Zone': 'US/Eastern',
  };
}

function sendJson(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body, null, 4));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(text);
}

/** The environment that points the server or CLI at this fake (no request budget: that is the default). */
export function fakeAlphaVantageEnv(fake: { baseUrl: string }, key: string): Record<string, string> {
  return { ALPHAADVANTAGE_API_KEY: key, ALPHAVANTAGE_BASE_URL: fake.baseUrl };
}
