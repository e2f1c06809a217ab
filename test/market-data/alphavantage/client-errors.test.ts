import { describe, expect, it } from 'vitest';
import { US_MARKET } from '../../../src/core/markets/index.js';
import type { AlphaVantageErrorKind } from '../../../src/market-data/alphavantage/errors.js';
import { RequestBudget } from '../../../src/market-data/alphavantage/rate-limiter.js';
import type { FakeBehaviour } from '../../fakes/fake-alphavantage.js';
import { failureOf, useFakeAlphaVantage } from '../../helpers/alphavantage-client.js';

// None of these need fixture files: every answer here is an error the fake makes up itself.
const KEY = 'K3YTESTSECRET42Z';
const NO_FIXTURE = 'ZZNOTREAL';

const av = useFakeAlphaVantage(KEY);

describe('AlphaVantageClient classifies each failure the fake can produce', () => {
  it.each<[FakeBehaviour, AlphaVantageErrorKind]>([
    ['rate_limit_information', 'daily_limit'],
    ['invalid_key', 'invalid_key'],
    ['unknown_symbol', 'unknown_symbol'],
    ['bad_json', 'bad_payload'],
    ['empty_series', 'bad_payload'],
  ])('%s -> %s, thrown at once without retrying', async (behaviour, kind) => {
    av.fake.behave('*', behaviour);
    const error = await failureOf(av.client().fetchDaily('AAPL', 'compact', US_MARKET));
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('AAPL');
    expect(av.fake.requests).toHaveLength(1);
  });

  it('keeps the status of an HTTP 429 it gave up on', async () => {
    av.fake.behave('*', 'http_429');
    expect((await failureOf(av.client().fetchDaily('AAPL', 'compact', US_MARKET))).status).toBe(429);
  });

  it('reports a symbol without data as unknown_symbol', async () => {
    const error = await failureOf(av.client().fetchDaily(NO_FIXTURE, 'compact', US_MARKET));
    expect(error.kind).toBe('unknown_symbol');
    expect(error.message).toContain('Invalid API call');
  });

  it('reports a wrong key as invalid_key', async () => {
    const error = await failureOf(
      av.client({ apiKey: 'WRONGKEY' }).fetchDaily(NO_FIXTURE, 'compact', US_MARKET),
    );
    expect(error.kind).toBe('invalid_key');
  });

  it('sends the documented query', async () => {
    await failureOf(av.client().fetchDaily(` ${NO_FIXTURE.toLowerCase()} `, 'full', US_MARKET));
    expect(av.fake.requests).toEqual([{ symbol: NO_FIXTURE, outputSize: 'full', apikey: KEY }]);
  });

  it('answers daily_limit once the daily limit is reached server-side', async () => {
    av.fake.rateLimitAfter(1);
    expect((await failureOf(av.client().fetchDaily(NO_FIXTURE, 'compact', US_MARKET))).kind).toBe(
      'unknown_symbol',
    );
    expect((await failureOf(av.client().fetchDaily(NO_FIXTURE, 'compact', US_MARKET))).kind).toBe(
      'daily_limit',
    );
  });

  it('uses a symbol-specific script before the wildcard one, for the given number of requests', async () => {
    av.fake.behave('*', 'invalid_key');
    av.fake.behave('AAPL', 'rate_limit_information', { times: 1 });
    expect((await failureOf(av.client().fetchDaily('AAPL', 'compact', US_MARKET))).kind).toBe('daily_limit');
    expect((await failureOf(av.client().fetchDaily('AAPL', 'compact', US_MARKET))).kind).toBe('invalid_key');
    expect((await failureOf(av.client().fetchDaily('MSFT', 'compact', US_MARKET))).kind).toBe('invalid_key');
  });

  it('surfaces the compact answer when full is premium and compact fails too', async () => {
    av.fake.behave('*', 'premium');
    const error = await failureOf(av.client().fetchDaily(NO_FIXTURE, 'full', US_MARKET));
    expect(error.kind).toBe('unknown_symbol');
    expect(av.fake.requests.map((r) => r.outputSize)).toEqual(['full', 'compact']);
  });
});

describe('AlphaVantageClient spends its RequestBudget', () => {
  it('refuses, without calling the server, once the daily budget is spent', async () => {
    const budget = new RequestBudget({ perMinute: 0, perDay: 2 });
    const budgeted = av.client({ budget });
    await failureOf(budgeted.fetchDaily(NO_FIXTURE, 'compact', US_MARKET));
    await failureOf(budgeted.fetchDaily(NO_FIXTURE, 'compact', US_MARKET));
    const error = await failureOf(budgeted.fetchDaily(NO_FIXTURE, 'compact', US_MARKET));
    expect(error.kind).toBe('daily_limit');
    expect(av.fake.requests).toHaveLength(2);
  });

  it('counts every retry attempt against the budget', async () => {
    av.fake.behave('*', 'http_500');
    const budget = new RequestBudget({ perMinute: 0, perDay: 10 });
    await failureOf(av.client({ budget, maxRetries: 2 }).fetchDaily('AAPL', 'compact', US_MARKET));
    expect(budget.remainingToday()).toBe(7);
  });
});

describe('the API key never leaks', () => {
  const everyBehaviour: FakeBehaviour[] = [
    'rate_limit_note',
    'rate_limit_information',
    'rate_limit_burst',
    'http_429',
    'http_429_retry_after',
    'invalid_key',
    'unknown_symbol',
    'premium',
    'http_500',
    'bad_json',
    'empty_series',
  ];

  it.each(everyBehaviour)('is absent from the error and the log lines for %s', async (behaviour) => {
    av.fake.behave('*', behaviour);
    const logged: unknown[] = [];
    const logger = { warn: (obj: object, msg?: string) => logged.push([obj, msg]) };
    const error = await failureOf(
      av.client({ logger, maxRetries: 1 }).fetchDaily(NO_FIXTURE, 'full', US_MARKET),
    );
    expect(error.message).not.toContain(KEY);
    expect(String(error.stack)).not.toContain(KEY);
    expect(JSON.stringify(logged)).not.toContain(KEY);
  });

  it('is masked even though the daily-limit notice echoes it', async () => {
    av.fake.behave('*', 'rate_limit_information');
    const error = await failureOf(av.client().fetchDaily('AAPL', 'compact', US_MARKET));
    expect(error.message).toContain('We have detected your API key as ***');
  });

  it('is masked in the retry log lines, which still say where the request went', async () => {
    av.fake.behave('*', 'http_500');
    const logged: [object, string | undefined][] = [];
    await failureOf(
      av
        .client({ maxRetries: 2, logger: { warn: (obj, msg) => logged.push([obj, msg]) } })
        .fetchDaily('AAPL', 'compact', US_MARKET),
    );
    expect(logged).toHaveLength(2);
    expect(logged[0]?.[0]).toMatchObject({ symbol: 'AAPL', kind: 'server', status: 500, attempt: 1 });
    expect(JSON.stringify(logged[0])).toContain('apikey=***');
  });
});

describe('what a failed answer said', () => {
  it.each<FakeBehaviour>(['http_500', 'bad_json'])(
    'stays out of the error message for %s (it may become a job warning) and goes to the log',
    async (behaviour) => {
      av.fake.behave('*', behaviour);
      const logged: object[] = [];
      const error = await failureOf(
        av
          .client({ maxRetries: 1, logger: { warn: (obj) => logged.push(obj) } })
          .fetchDaily('AAPL', 'compact', US_MARKET),
      );
      expect(error.message).toMatch(/^AAPL: Alpha Vantage (answered HTTP 500|sent a body that is not JSON)$/);
      expect(error.upstream).toBeDefined();
      if (error.retryable) expect(logged[0]).toMatchObject({ body: error.upstream });
    },
  );

  it('names an unreachable base URL by scheme, host and path only', async () => {
    const error = await failureOf(
      av
        .client({ baseUrl: 'http://user:secret@127.0.0.1:1/av?token=leak', maxRetries: 0 })
        .fetchDaily('AAPL', 'compact', US_MARKET),
    );
    expect(error.kind).toBe('network');
    expect(error.message).toContain('could not reach http://127.0.0.1:1/av');
    expect(error.message).not.toMatch(/secret|leak/);
  });
});
