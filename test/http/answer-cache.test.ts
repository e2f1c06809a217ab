/**
 * The answer caches cannot be made to grow by a client: keys are the validated question (parameters
 * a route ignores spell nothing new), keys weigh against the size limit, and entries are capped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AnswerCache } from '../../src/http/answer-cache.js';
import { standInApp, type StandInApp } from '../helpers/stand-in-app.js';
import { US_MARKET } from '../../src/core/markets/index.js';

const JUNK = 'x'.repeat(15 * 1024);

describe('AnswerCache', () => {
  it('weighs keys against its size limit, however small the answers', () => {
    const cache = new AnswerCache({ maxBytes: 1024 * 1024, maxEntries: 100_000 });
    for (let i = 0; i < 1000; i++) cache.set(`${i}-${JUNK}`, { etag: '"e"', body: '{}' });
    expect(cache.bytes).toBeLessThanOrEqual(1024 * 1024);
    // 1 MB holds about 66 keys of 15 KB: the oldest went first.
    expect(cache.size).toBeLessThan(70);
    expect(cache.get(`999-${JUNK}`)).toBeDefined();
    expect(cache.get(`0-${JUNK}`)).toBeUndefined();
  });

  it('keeps at most its entry cap, however light the entries', () => {
    const cache = new AnswerCache({ maxEntries: 50 });
    for (let i = 0; i < 10_000; i++) cache.set(String(i), { etag: '"e"', body: '{}' });
    expect(cache.size).toBe(50);
    expect(cache.get('9999')).toBeDefined();
  });

  it('drops a stale entry when its replacement is too big to keep', () => {
    const cache = new AnswerCache({ maxBytes: 4096 });
    cache.set('k', { etag: '"1"', body: '{}' });
    cache.set('k', { etag: '"2"', body: 'x'.repeat(2048) });
    expect(cache.get('k')).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });
});

describe('the results caches', () => {
  let standIn: StandInApp;
  afterEach(() => standIn.close());

  it('key a read by its validated query: 30 URLs with a junk parameter are one question', async () => {
    standIn = await standInApp();
    standIn.results.trades.mockResolvedValue({ market: US_MARKET, trades: [] });
    const etags = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const res = await standIn.app.inject({ url: `/results/trades?model=nobody&pad=${i}-${JUNK}` });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ count: 0, trades: [], market: 'us' });
      etags.add(String(res.headers['etag']));
    }
    expect(standIn.results.trades).toHaveBeenCalledTimes(1);
    expect(etags.size).toBe(1);
  });

  it('answer equal questions spelt differently from one entry', async () => {
    standIn = await standInApp();
    standIn.results.trades.mockResolvedValue({ market: US_MARKET, trades: [] });
    for (const url of [
      '/results/trades?start_date=2025-10-01&end_date=2025-10-02&model=alpha',
      '/results/trades?model=alpha&end_date=2025-10-02&start_date=2025-10-01',
      '/results/trades?model=alpha&end_date=2025-10-02&start_date=2025-10-01&job_id=&callback=x',
    ]) {
      expect((await standIn.app.inject({ url })).statusCode).toBe(200);
    }
    expect(standIn.results.trades).toHaveBeenCalledTimes(1);
    // Another question is another entry.
    await standIn.app.inject({ url: '/results/trades?model=beta' });
    expect(standIn.results.trades).toHaveBeenCalledTimes(2);
  });
});
