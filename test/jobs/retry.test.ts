import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { delaysFrom, growingDelays, retried, Retry, type RetryPolicy } from '../../src/jobs/retry.js';

class Transient extends Error {}

/** A log that keeps what it is told, to see which retries are reported. */
function capturingLogger() {
  const lines: { msg: string; attempt?: number }[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

/** A policy that records its waits instead of sleeping them. */
function policy(overrides: Partial<RetryPolicy> = {}) {
  const waits: number[] = [];
  const { logger, lines } = capturingLogger();
  const full: RetryPolicy = {
    isTransient: (error) => error instanceof Transient,
    delayMs: delaysFrom([10, 20, 30]),
    logger,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve(true);
    },
    ...overrides,
  };
  return { policy: full, waits, lines };
}

/** Fails with `error` the first `times` calls, then answers `value`. */
function failing<T>(times: number, value: T, error: () => Error = () => new Transient('connection dropped')) {
  let calls = 0;
  const operation = () => (++calls <= times ? Promise.reject(error()) : Promise.resolve(value));
  return { operation, calls: () => calls };
}

describe('Retry', () => {
  it('tries transient faults again with the policy’s waits, and answers once the work succeeds', async () => {
    const { policy: p, waits, lines } = policy();
    const work = failing(2, 'done');
    expect(await new Retry(p).run('model-day', { date: 'd' }, work.operation)).toBe('done');
    expect(work.calls()).toBe(3);
    expect(waits).toEqual([10, 20]);
    expect(lines.map((l) => [l.msg, l.attempt])).toEqual([
      ['model-day hit a database fault; retrying', 1],
      ['model-day hit a database fault; retrying', 2],
    ]);
  });

  it('gives up with the last error once the waits run out', async () => {
    const { policy: p, waits } = policy();
    const work = failing(10, 'never');
    await expect(new Retry(p).run('x', {}, work.operation)).rejects.toThrow('connection dropped');
    expect(work.calls()).toBe(4);
    expect(waits).toEqual([10, 20, 30]);
  });

  it('never retries what is not transient', async () => {
    const { policy: p, waits } = policy();
    const work = failing(1, 'x', () => new Error('syntax error'));
    await expect(new Retry(p).run('x', {}, work.operation)).rejects.toThrow('syntax error');
    expect(work.calls()).toBe(1);
    expect(waits).toEqual([]);
  });

  it('waits without end when told to, logging the first retry and then every n-th', async () => {
    const {
      policy: p,
      waits,
      lines,
    } = policy({
      isTransient: () => true,
      delayMs: growingDelays(250, 5000),
      logEvery: 20,
      message: () => 'could not record the job failure; retrying until the database accepts writes',
    });
    const work = failing(45, 'recorded', () => new Error('disk full'));
    expect(await new Retry(p).run('job failure', {}, work.operation)).toBe('recorded');
    expect(waits.slice(0, 7)).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
    expect(waits).toHaveLength(45);
    expect(lines.map((l) => l.attempt)).toEqual([1, 20, 40]);
    expect(lines[0]?.msg).toBe(
      'could not record the job failure; retrying until the database accepts writes',
    );
  });

  it('stops at once when its signal aborts during a wait, with the last error', async () => {
    const controller = new AbortController();
    const { policy: p } = policy({
      sleep: (_ms, signal) => {
        controller.abort();
        return Promise.resolve(!signal?.aborted);
      },
    });
    const work = failing(5, 'x');
    await expect(new Retry(p).run('x', {}, work.operation, controller.signal)).rejects.toThrow(
      'connection dropped',
    );
    expect(work.calls()).toBe(1);
  });
});

/** A port as the stores are written: private state, asynchronous methods, one synchronous. */
class Port {
  #calls = 0;
  #failFirst: number;
  constructor(failFirst: number) {
    this.#failFirst = failFirst;
  }
  async read(key: string): Promise<string> {
    this.#calls += 1;
    if (this.#calls <= this.#failFirst) throw new Transient('dropped');
    return `value of ${key}`;
  }
  async claim(): Promise<string> {
    this.#calls += 1;
    if (this.#calls <= this.#failFirst) throw new Transient('dropped');
    return 'claimed';
  }
  label(): string {
    return `port after ${this.#calls} calls`;
  }
}

describe('retried', () => {
  it('retries every asynchronous method of a port except those it must never repeat', async () => {
    const { policy: p } = policy();
    const reads = retried(new Port(2), new Retry(p), { what: 'job update', never: ['claim'] });
    expect(await reads.read('a')).toBe('value of a');
    const claims = retried(new Port(1), new Retry(p), { what: 'job update', never: ['claim'] });
    await expect(claims.claim()).rejects.toThrow('dropped');
    expect(await claims.claim()).toBe('claimed');
  });

  it('passes synchronous methods through, and reaches the private state of the port itself', async () => {
    const { policy: p } = policy();
    const port = retried(new Port(0), new Retry(p), { what: 'x', never: [] });
    await port.read('a');
    expect(port.label()).toBe('port after 1 calls');
  });
});
