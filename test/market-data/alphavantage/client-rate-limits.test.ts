import { describe, expect, it } from 'vitest';
import { US_MARKET } from '../../../src/core/markets/index.js';
import type { AlphaVantageClientOptions } from '../../../src/market-data/alphavantage/client.js';
import type { FakeBehaviour } from '../../fakes/fake-alphavantage.js';
import { failureOf, useFakeAlphaVantage } from '../../helpers/alphavantage-client.js';
import { virtualClock } from '../../helpers/virtual-clock.js';

// Every answer here that is not a limit is the fake's unknown-symbol answer: no fixtures needed.
const KEY = 'PACETESTSECRET9';
const NO_FIXTURE = 'ZZNOTREAL';
const WINDOW = 1_000;

const av = useFakeAlphaVantage(KEY);

/** A client on a virtual clock with a scaled window, logging its warnings. */
function pacedClient(overrides: Partial<AlphaVantageClientOptions> = {}) {
  const clock = virtualClock();
  const warnings: { obj: Record<string, unknown>; msg: string | undefined }[] = [];
  const client = av.client({
    now: clock.now,
    sleep: clock.sleep,
    rateWindowMs: WINDOW,
    logger: { warn: (obj, msg) => warnings.push({ obj: obj as Record<string, unknown>, msg }) },
    ...overrides,
  });
  return { client, clock, warnings };
}

const refusals = (): number => av.fake.requests.length;

describe('AlphaVantageClient on a per-minute or burst answer', () => {
  it.each<FakeBehaviour>(['rate_limit_note', 'rate_limit_burst', 'http_429', 'http_429_retry_after'])(
    'waits and asks again after %s, logging symbol, attempt and wait',
    async (behaviour) => {
      av.fake.behave('*', behaviour, { times: 2 });
      const { client, clock, warnings } = pacedClient();
      const error = await failureOf(client.fetchDaily(NO_FIXTURE, 'compact', US_MARKET));

      expect(error.kind).toBe('unknown_symbol'); // the third attempt got a real answer
      expect(av.fake.requests).toHaveLength(3);
      expect(clock.sleeps.length).toBeGreaterThan(0);
      expect(warnings.map((w) => w.obj)).toEqual([
        expect.objectContaining({
          symbol: NO_FIXTURE,
          attempt: 1,
          kind: 'rate_limit',
          waitMs: expect.any(Number),
        }),
        expect.objectContaining({
          symbol: NO_FIXTURE,
          attempt: 2,
          kind: 'rate_limit',
          waitMs: expect.any(Number),
        }),
      ]);
    },
  );

  it('honours Retry-After', async () => {
    av.fake.behave('*', 'http_429_retry_after', { times: 1 });
    const { client, clock, warnings } = pacedClient();
    await failureOf(client.fetchDaily(NO_FIXTURE, 'compact', US_MARKET));
    expect(clock.sleeps).toEqual([1_000]);
    expect(warnings[0]?.obj).toMatchObject({ waitMs: 1_000, status: 429 });
  });

  it('gives up after the cap on attempts, saying so', async () => {
    av.fake.behave('*', 'rate_limit_note');
    const { client } = pacedClient({ maxRateLimitRetries: 2, maxRateLimitWaitMs: 100 * WINDOW });
    const error = await failureOf(client.fetchDaily(NO_FIXTURE, 'compact', US_MARKET));
    expect(error.kind).toBe('rate_limit');
    expect(error.message).toContain('still refused after 3 attempts');
    expect(refusals()).toBe(3);
  });

  it('gives up before waiting longer than the cap on total wait', async () => {
    av.fake.behave('*', 'http_429_retry_after'); // 1 s each time
    const { client, clock } = pacedClient({ maxRateLimitRetries: 100, maxRateLimitWaitMs: 2_500 });
    const error = await failureOf(client.fetchDaily(NO_FIXTURE, 'compact', US_MARKET));
    expect(error).toMatchObject({ kind: 'rate_limit', status: 429 });
    expect(clock.sleeps).toEqual([1_000, 1_000]);
    expect(refusals()).toBe(3);
  });

  it('bounds a refusal that never ends by default', async () => {
    av.fake.behave('*', 'rate_limit_note');
    const { client } = pacedClient();
    expect((await failureOf(client.fetchDaily(NO_FIXTURE, 'compact', US_MARKET))).kind).toBe('rate_limit');
    expect(refusals()).toBeLessThanOrEqual(6);
  });

  it('does not wait on a daily limit: it is no use today', async () => {
    av.fake.behave('*', 'rate_limit_information');
    const { client, clock } = pacedClient();
    expect((await failureOf(client.fetchDaily(NO_FIXTURE, 'compact', US_MARKET))).kind).toBe('daily_limit');
    expect(av.fake.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });
});

describe('AlphaVantageClient against a server limited per window', () => {
  it('learns the pace at the first refusal and never goes over it again', async () => {
    const { client, clock } = pacedClient();
    av.fake.limitPerWindow(5, { windowMs: WINDOW, now: clock.now });
    for (let i = 0; i < 23; i++) await failureOf(client.fetchDaily(NO_FIXTURE, 'compact', US_MARKET));

    expect(client.learnedRequestsPerWindow).toBe(5);
    expect(av.fake.requests).toHaveLength(24); // 23 answers and the one refusal that taught the pace
  });

  it('shares the pace between concurrent callers of one client', async () => {
    const { client, clock } = pacedClient();
    av.fake.limitPerWindow(4, { windowMs: WINDOW, now: clock.now });
    const callers = [0, 1, 2].map(async () => {
      for (let i = 0; i < 6; i++) await failureOf(client.fetchDaily(NO_FIXTURE, 'compact', US_MARKET));
    });
    await Promise.all(callers);

    // 18 answers; refusals only while the pace was unknown, at most one per caller in flight.
    expect(av.fake.requests.length - 18).toBeLessThanOrEqual(3);
    expect(client.learnedRequestsPerWindow).toBe(4);
  });

  it('keeps pace on the real clock with a scaled window', async () => {
    const windowMs = 300;
    av.fake.limitPerWindow(4, { windowMs });
    const client = av.client({ rateWindowMs: windowMs, now: () => performance.now(), sleep: realSleep });
    for (let i = 0; i < 10; i++) await failureOf(client.fetchDaily(NO_FIXTURE, 'compact', US_MARKET));
    expect(client.learnedRequestsPerWindow).toBe(4);
    expect(av.fake.requests.length - 10).toBeLessThanOrEqual(2);
  });
});

function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
