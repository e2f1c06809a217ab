import { createServer } from 'node:http';
import { US_MARKET } from '../../../src/core/markets/index.js';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { AlphaVantageClient } from '../../../src/market-data/alphavantage/client.js';
import type { AlphaVantageClientOptions } from '../../../src/market-data/alphavantage/client.js';
import { failureOf, useFakeAlphaVantage } from '../../helpers/alphavantage-client.js';

const KEY = 'R3TRYSECRETKEY77';

const av = useFakeAlphaVantage(KEY);

/** A client whose backoff sleeps are recorded instead of waited. */
function recordingClient(overrides: Partial<AlphaVantageClientOptions> = {}) {
  const sleeps: number[] = [];
  const client = av.client({
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
  return { client, sleeps };
}

/** A base URL on which nothing listens: a port that was just released. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('AlphaVantageClient retries', () => {
  it('gives up with "server" after maxRetries + 1 attempts of HTTP 500', async () => {
    av.fake.behave('*', 'http_500');
    const { client, sleeps } = recordingClient({ maxRetries: 3, backoffMs: 100 });
    const error = await failureOf(client.fetchDaily('AAPL', 'compact', US_MARKET));
    expect(error).toMatchObject({ kind: 'server', status: 500, retryable: true });
    expect(av.fake.requests).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
  });

  it('backs off exponentially, with jitter within each step', async () => {
    av.fake.behave('*', 'http_500');
    const { client, sleeps } = recordingClient({ maxRetries: 4, backoffMs: 100 });
    await failureOf(client.fetchDaily('AAPL', 'compact', US_MARKET));
    sleeps.forEach((delay, attempt) => {
      const ceiling = 100 * 2 ** attempt;
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    });
  });

  it('does not retry at all when maxRetries is 0', async () => {
    av.fake.behave('*', 'http_500');
    const { client } = recordingClient({ maxRetries: 0 });
    await failureOf(client.fetchDaily('AAPL', 'compact', US_MARKET));
    expect(av.fake.requests).toHaveLength(1);
  });

  it('retries a refused connection, then reports "network"', async () => {
    let attempts = 0;
    const { client, sleeps } = recordingClient({
      baseUrl: await closedPortUrl(),
      maxRetries: 2,
      fetchImpl: (input, init) => {
        attempts++;
        return fetch(input, init);
      },
    });
    const error = await failureOf(client.fetchDaily('AAPL', 'compact', US_MARKET));
    expect(error).toMatchObject({ kind: 'network', retryable: true });
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).not.toContain(KEY);
    expect(attempts).toBe(3);
    expect(sleeps).toHaveLength(2);
  });

  it('times out a server that never answers instead of hanging', async () => {
    av.fake.behave('*', 'hang');
    const { client } = recordingClient({ timeoutMs: 150, maxRetries: 1 });
    const started = Date.now();
    const error = await failureOf(client.fetchDaily('AAPL', 'compact', US_MARKET));
    expect(error).toMatchObject({ kind: 'network', retryable: true });
    expect(error.message).toContain('timed out');
    expect(av.fake.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('rejects nonsensical settings up front', () => {
    expect(() => new AlphaVantageClient({ apiKey: KEY, maxRetries: -1 })).toThrow(RangeError);
    expect(() => new AlphaVantageClient({ apiKey: KEY, timeoutMs: 0 })).toThrow(RangeError);
  });
});
