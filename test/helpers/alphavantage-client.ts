import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { AlphaVantageClient } from '../../src/market-data/alphavantage/client.js';
import type { AlphaVantageClientOptions } from '../../src/market-data/alphavantage/client.js';
import { AlphaVantageError } from '../../src/market-data/alphavantage/errors.js';
import { startFakeAlphaVantage } from '../fakes/fake-alphavantage.js';
import type { FakeAlphaVantage } from '../fakes/fake-alphavantage.js';
import { virtualClock } from './virtual-clock.js';

/**
 * A client for `fake` with test defaults: retries back off 1 ms and pacing runs on its own virtual
 * clock, so nothing really sleeps. Overrides win.
 */
export function testAlphaVantageClient(
  fake: Pick<FakeAlphaVantage, 'baseUrl'>,
  apiKey: string,
  overrides: Partial<AlphaVantageClientOptions> = {},
): AlphaVantageClient {
  const clock = virtualClock();
  return new AlphaVantageClient({
    apiKey,
    baseUrl: fake.baseUrl,
    backoffMs: 1,
    now: clock.now,
    sleep: clock.sleep,
    ...overrides,
  });
}

export interface FakeAlphaVantageSuite {
  /** The fake started for the enclosing suite; only there inside hooks and tests. */
  readonly fake: FakeAlphaVantage;
  /** `testAlphaVantageClient` for the fake, with the suite's key. */
  client(overrides?: Partial<AlphaVantageClientOptions>): AlphaVantageClient;
}

/**
 * Starts a fake Alpha Vantage that accepts `key` for the enclosing suite (or file), closes it
 * afterwards, and resets its requests and scripts before each test.
 */
export function useFakeAlphaVantage(key: string): FakeAlphaVantageSuite {
  let fake: FakeAlphaVantage | undefined;
  const started = (): FakeAlphaVantage => {
    if (fake === undefined) throw new Error('the fake Alpha Vantage runs only inside hooks and tests');
    return fake;
  };

  beforeAll(async () => {
    fake = await startFakeAlphaVantage({ key });
  });
  afterAll(async () => {
    await started().close();
  });
  beforeEach(() => {
    started().reset();
  });

  return {
    get fake() {
      return started();
    },
    client: (overrides = {}) => testAlphaVantageClient(started(), key, overrides),
  };
}

/** The `AlphaVantageError` that `promise` rejects with; fails the test if it resolves or throws anything else. */
export async function failureOf(promise: Promise<unknown>): Promise<AlphaVantageError> {
  const outcome = await promise.then(
    () => new Error('expected the request to fail'),
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(AlphaVantageError);
  return outcome as AlphaVantageError;
}
