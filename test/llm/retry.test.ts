import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/llm/provider.js';
import {
  abortableSleep,
  backoffDelayMs,
  MAX_RETRY_DELAY_MS,
  parseRetryAfter,
  withRetry,
} from '../../src/llm/retry.js';

const headers = (values: Record<string, string>): Headers => new Headers(values);

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-02T03:04:05Z');

  it('reads delta-seconds, including fractions and zero', () => {
    expect(parseRetryAfter(headers({ 'retry-after': '7' }), now)).toBe(7000);
    expect(parseRetryAfter(headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(parseRetryAfter(headers({ 'retry-after': '0' }), now)).toBe(0);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter(headers({ 'retry-after': 'Thu, 02 Jan 2025 03:04:15 GMT' }), now)).toBe(10_000);
    expect(parseRetryAfter(headers({ 'retry-after': 'Thu, 02 Jan 2025 03:00:00 GMT' }), now)).toBe(0);
  });

  it('prefers retry-after-ms when both are present', () => {
    expect(parseRetryAfter(headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
  });

  it('ignores unreadable values', () => {
    expect(parseRetryAfter(headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfter(headers({ 'retry-after': '-3' }), now)).toBeUndefined();
    expect(parseRetryAfter(headers({ 'retry-after-ms': 'x', 'retry-after': '2' }), now)).toBe(2000);
    expect(parseRetryAfter(headers({}), now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('backoffDelayMs', () => {
  it('doubles per retry, with half the delay jittered', () => {
    expect(backoffDelayMs(1, 1000, MAX_RETRY_DELAY_MS, () => 0)).toBe(500);
    expect(backoffDelayMs(1, 1000, MAX_RETRY_DELAY_MS, () => 0.999999)).toBe(1000);
    expect(backoffDelayMs(2, 1000, MAX_RETRY_DELAY_MS, () => 0)).toBe(1000);
    expect(backoffDelayMs(3, 1000, MAX_RETRY_DELAY_MS, () => 0.5)).toBe(3000);
  });

  it('is capped', () => {
    expect(backoffDelayMs(30, 1000, 60_000, () => 0.999999)).toBe(60_000);
  });
});

describe('withRetry', () => {
  const fast = { baseDelayMs: 100, random: () => 0 };

  function recorder(): { sleeps: number[]; sleep: (ms: number) => Promise<void> } {
    const sleeps: number[] = [];
    return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
  }

  it('returns the value and the number of attempts', async () => {
    const { sleeps, sleep } = recorder();
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw new ProviderError('server', 'boom', { status: 503 });
        return 'done';
      },
      { ...fast, maxRetries: 3, sleep },
    );
    expect(result).toEqual({ value: 'done', attempts: 3 });
    expect(sleeps).toEqual([50, 100]);
  });

  it('waits what the server asked, capped at the maximum', async () => {
    const { sleeps, sleep } = recorder();
    let calls = 0;
    await withRetry(
      async () => {
        calls++;
        if (calls === 1) throw new ProviderError('rate_limit', 'slow down', { retryAfterMs: 1234 });
        if (calls === 2) throw new ProviderError('rate_limit', 'slow down', { retryAfterMs: 10 * 60_000 });
        return 1;
      },
      { ...fast, maxRetries: 3, sleep },
    );
    expect(sleeps).toEqual([1234, MAX_RETRY_DELAY_MS]);
  });

  it('gives up after maxRetries + 1 attempts with the last error and the count', async () => {
    const { sleep } = recorder();
    let calls = 0;
    const error = await withRetry(
      async () => {
        calls++;
        throw new ProviderError('timeout', 'too slow');
      },
      { ...fast, maxRetries: 2, sleep },
    ).catch((e: unknown) => e);
    expect(calls).toBe(3);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'timeout', attempts: 3, retryable: true });
    expect((error as Error).message).toContain('after 3 attempts');
  });

  it('does not retry what is not retryable, nor foreign errors', async () => {
    const { sleeps, sleep } = recorder();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new ProviderError('auth', 'no', { status: 401 });
        },
        { ...fast, maxRetries: 3, sleep },
      ),
    ).rejects.toMatchObject({ kind: 'auth', attempts: 1 });
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new TypeError('bug');
        },
        { ...fast, maxRetries: 3, sleep },
      ),
    ).rejects.toThrow(TypeError);
    expect(calls).toBe(2);
    expect(sleeps).toEqual([]);
  });

  it('stops when the signal fires during backoff', async () => {
    const controller = new AbortController();
    let calls = 0;
    const pending = withRetry(
      async () => {
        calls++;
        setTimeout(() => controller.abort(), 5);
        throw new ProviderError('server', 'boom');
      },
      { maxRetries: 5, baseDelayMs: 60_000, signal: controller.signal },
    );
    await expect(pending).rejects.toMatchObject({ kind: 'aborted', retryable: false });
    expect(calls).toBe(1);
  });
});

describe('abortableSleep', () => {
  it('resolves after the delay', async () => {
    const started = Date.now();
    await abortableSleep(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });

  it('rejects at once on an already-aborted signal', async () => {
    await expect(abortableSleep(60_000, AbortSignal.abort())).rejects.toMatchObject({ kind: 'aborted' });
  });
});
