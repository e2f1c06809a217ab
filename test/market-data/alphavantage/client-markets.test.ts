/** One client (one key, one allowance) serves the Shanghai stocks and the coins as it serves the US. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CN_MARKET, CRYPTO_MARKET, US_MARKET } from '../../../src/core/markets/index.js';
import type { AlphaVantageErrorKind } from '../../../src/market-data/alphavantage/errors.js';
import { parseDailySeries } from '../../../src/market-data/alphavantage/parse-daily.js';
import { parseDigitalCurrencyDaily } from '../../../src/market-data/alphavantage/parse-digital-daily.js';
import type { FakeBehaviour } from '../../fakes/fake-alphavantage.js';
import { failureOf, useFakeAlphaVantage } from '../../helpers/alphavantage-client.js';
import { CN_FIXTURES_DIR, CRYPTO_FIXTURES_DIR } from '../../helpers/market-fixtures.js';
import { virtualClock } from '../../helpers/virtual-clock.js';

const KEY = 'MARKETSTESTKEY';
const av = useFakeAlphaVantage(KEY);

const fileOf = (dir: string, name: string): unknown =>
  JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as unknown;

/** A fetch that remembers every URL the client asked for. */
function recordingFetch(): { fetchImpl: typeof fetch; urls: URL[] } {
  const urls: URL[] = [];
  const fetchImpl: typeof fetch = (input, init) => {
    urls.push(new URL(input instanceof Request ? input.url : String(input)));
    return fetch(input, init);
  };
  return { fetchImpl, urls };
}

describe('AlphaVantageClient for China A-shares (TIME_SERIES_DAILY, `.SHH`)', () => {
  it('asks for 600519.SHH and answers its bars as 600519.SH', async () => {
    const { fetchImpl, urls } = recordingFetch();
    const result = await av.client({ fetchImpl }).fetchDaily('600519.SH', 'compact', CN_MARKET);
    expect(Object.fromEntries(urls[0]?.searchParams ?? [])).toEqual({
      function: 'TIME_SERIES_DAILY',
      symbol: '600519.SHH',
      outputsize: 'compact',
      apikey: KEY,
      datatype: 'json',
    });
    const expected = parseDailySeries(fileOf(CN_FIXTURES_DIR, '600519.SHH'), '600519.SHH')
      .slice(-100)
      .map((bar) => ({ ...bar, symbol: '600519.SH' }));
    expect(result).toEqual({ bars: expected, outputSize: 'compact', wholeHistory: false, warnings: [] });
  });

  it('serves the SSE-50 index as 000016.SH, with its whole history on full', async () => {
    const result = await av.client().fetchDaily('000016.sh', 'full', CN_MARKET);
    expect(result.wholeHistory).toBe(true);
    expect(result.bars.length).toBeGreaterThan(100);
    expect(new Set(result.bars.map((bar) => bar.symbol))).toEqual(new Set(['000016.SH']));
    expect(av.fake.requests).toEqual([{ symbol: '000016.SHH', outputSize: 'full', apikey: KEY }]);
  });

  it('reports a code Alpha Vantage does not know as unknown_symbol (its "Invalid API call")', async () => {
    const error = await failureOf(av.client().fetchDaily('609999.SH', 'compact', CN_MARKET));
    expect(error.kind).toBe('unknown_symbol');
    expect(error.message).toContain('609999.SH');
    expect(error.notice).toContain('Invalid API call');
  });

  it('refuses a symbol that is not written as a Chinese one, without asking', async () => {
    const error = await failureOf(av.client().fetchDaily('AAPL', 'compact', CN_MARKET));
    expect(error.kind).toBe('unknown_symbol');
    expect(error.message).toBe('AAPL is not a symbol of the cn market (they are written like 600519.SH)');
    expect(av.fake.requests).toEqual([]);
  });
});

describe('AlphaVantageClient for crypto (DIGITAL_CURRENCY_DAILY, market USD)', () => {
  it('asks for the coin against USD, without an output size, and answers the USDT pair', async () => {
    const { fetchImpl, urls } = recordingFetch();
    const result = await av.client({ fetchImpl }).fetchDaily('BTC-USDT', 'full', CRYPTO_MARKET);
    expect(Object.fromEntries(urls[0]?.searchParams ?? [])).toEqual({
      function: 'DIGITAL_CURRENCY_DAILY',
      symbol: 'BTC',
      market: 'USD',
      apikey: KEY,
      datatype: 'json',
    });
    expect(result).toEqual({
      bars: parseDigitalCurrencyDaily(fileOf(CRYPTO_FIXTURES_DIR, 'BTC'), 'BTC'),
      outputSize: null,
      // Alpha Vantage does not promise how far back a coin's series reaches.
      wholeHistory: false,
      warnings: [],
    });
    expect(result.bars.at(-1)?.volume).toBe(283.62152345);
    expect(av.fake.requests).toEqual([{ symbol: 'BTC', outputSize: 'compact', apikey: KEY, market: 'USD' }]);
  });

  it('reports a coin Alpha Vantage does not know as unknown_symbol', async () => {
    const error = await failureOf(av.client().fetchDaily('NOPE-USDT', 'compact', CRYPTO_MARKET));
    expect(error.kind).toBe('unknown_symbol');
    expect(error.notice).toContain('Invalid API call');
    expect(error.notice).toContain('DIGITAL_CURRENCY_DAILY');
  });

  it('refuses a symbol that is not a pair against USDT, without asking', async () => {
    const error = await failureOf(av.client().fetchDaily('BTC', 'compact', CRYPTO_MARKET));
    expect(error.message).toBe('BTC is not a symbol of the crypto market (they are written like BTC-USDT)');
    expect(av.fake.requests).toEqual([]);
  });

  it.each<[FakeBehaviour, AlphaVantageErrorKind]>([
    ['rate_limit_information', 'daily_limit'],
    ['invalid_key', 'invalid_key'],
    ['bad_json', 'bad_payload'],
    ['empty_series', 'bad_payload'],
  ])('classifies %s as %s, as for stocks', async (behaviour, kind) => {
    av.fake.behave('ETH', behaviour);
    const error = await failureOf(av.client().fetchDaily('ETH-USDT', 'compact', CRYPTO_MARKET));
    expect(error.kind).toBe(kind);
    expect(error.message).toContain('ETH-USDT');
    expect(av.fake.requests).toHaveLength(1);
  });

  it('retries a server error and waits out a per-minute note, as for stocks', async () => {
    av.fake.behave('SOL', 'http_500', { times: 1 });
    av.fake.behave('XRP', 'rate_limit_note', { times: 1 });
    const client = av.client();
    expect((await client.fetchDaily('SOL-USDT', 'compact', CRYPTO_MARKET)).bars.length).toBeGreaterThan(300);
    expect((await client.fetchDaily('XRP-USDT', 'compact', CRYPTO_MARKET)).bars.length).toBeGreaterThan(300);
    expect(av.fake.requests.map((r) => r.symbol)).toEqual(['SOL', 'SOL', 'XRP', 'XRP']);
  });
});

describe('one key, one allowance for every market', () => {
  it("stops every market at the key's daily limit once one market's request spent it", async () => {
    av.fake.rateLimitAfter(2);
    const client = av.client();
    await client.fetchDaily('AAPL', 'compact', US_MARKET);
    await client.fetchDaily('600036.SH', 'compact', CN_MARKET);
    const error = await failureOf(client.fetchDaily('ETH-USDT', 'compact', CRYPTO_MARKET));
    expect(error.kind).toBe('daily_limit');
    expect(error.message).not.toContain(KEY);
  });

  it('paces the coins by what a stock request taught it about the per-minute limit', async () => {
    av.fake.behave('MSFT', 'rate_limit_note', { times: 1 });
    const clock = virtualClock();
    const client = av.client({ now: clock.now, sleep: clock.sleep, rateWindowMs: 1_000 });
    await client.fetchDaily('AAPL', 'compact', US_MARKET);
    await client.fetchDaily('MSFT', 'compact', US_MARKET);
    // The refusal came after one answered request: one request per window is the pace learned.
    expect(client.learnedRequestsPerWindow).toBe(1);
    const waitedBefore = clock.sleeps.length;
    await client.fetchDaily('ADA-USDT', 'compact', CRYPTO_MARKET);
    expect(clock.sleeps.length).toBeGreaterThan(waitedBefore);
    expect(av.fake.requests.map((r) => r.symbol)).toEqual(['AAPL', 'MSFT', 'MSFT', 'ADA']);
  });
});
