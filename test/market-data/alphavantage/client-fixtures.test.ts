import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { US_MARKET } from '../../../src/core/markets/index.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDailySeries } from '../../../src/market-data/alphavantage/parse-daily.js';
import { startFakeAlphaVantage } from '../../fakes/fake-alphavantage.js';
import type { FakeAlphaVantage } from '../../fakes/fake-alphavantage.js';
import { testAlphaVantageClient, useFakeAlphaVantage } from '../../helpers/alphavantage-client.js';
import { fixtureText } from '../../helpers/fixtures.js';

const KEY = 'FIXTUREKEYSECRET';

describe('AlphaVantageClient against the fake serving the real fixtures', () => {
  const av = useFakeAlphaVantage(KEY);

  it("fetches compact AAPL as the fixture's 100 bars", async () => {
    const result = await av.client().fetchDaily('AAPL', 'compact', US_MARKET);
    expect(result.outputSize).toBe('compact');
    expect(result.warnings).toEqual([]);
    expect(result.bars).toEqual(parseDailySeries(JSON.parse(fixtureText('AAPL')), 'AAPL'));
    expect(result.bars[0]?.date).toBe('2025-06-10');
    expect(result.bars.at(-1)?.date).toBe('2025-10-30');
  });

  it('fetches full history when the key allows it', async () => {
    const result = await av.client().fetchDaily('MSFT', 'full', US_MARKET);
    expect(result.outputSize).toBe('full');
    expect(result.bars).toHaveLength(100);
    expect(av.fake.requests).toEqual([{ symbol: 'MSFT', outputSize: 'full', apikey: KEY }]);
  });

  it('serves the delisted FB with its gaps', async () => {
    const result = await av.client().fetchDaily('FB', 'compact', US_MARKET);
    expect(result.bars.at(-1)?.date).toBe('2025-10-16');
  });

  it('succeeds on the third attempt after two HTTP 500s', async () => {
    av.fake.behave('AAPL', 'http_500', { times: 2 });
    const logged: unknown[] = [];
    const result = await av
      .client({ logger: { warn: (obj) => logged.push(obj) } })
      .fetchDaily('AAPL', 'compact', US_MARKET);
    expect(result.bars).toHaveLength(100);
    expect(av.fake.requests).toHaveLength(3);
    expect(logged).toHaveLength(2);
  });

  it('falls back to compact, with a warning, when full history is premium', async () => {
    av.fake.behave('*', 'premium');
    const logged: unknown[] = [];
    const result = await av
      .client({ logger: { warn: (_obj, msg) => logged.push(msg) } })
      .fetchDaily('NVDA', 'full', US_MARKET);
    const warning =
      'NVDA: full history is a premium feature for this key; fell back to compact (last 100 sessions)';
    expect(result.outputSize).toBe('compact');
    expect(result.warnings).toEqual([warning]);
    expect(result.bars).toHaveLength(100);
    expect(av.fake.requests.map((r) => r.outputSize)).toEqual(['full', 'compact']);
    expect(logged).toEqual([warning]);
  });

  it('does not retry a daily limit that arrives mid-run', async () => {
    av.fake.rateLimitAfter(1);
    await av.client().fetchDaily('AAPL', 'compact', US_MARKET);
    await expect(av.client().fetchDaily('MSFT', 'compact', US_MARKET)).rejects.toMatchObject({
      kind: 'daily_limit',
    });
    expect(av.fake.requests).toHaveLength(2);
  });

  it('waits out a per-minute note and then gets the bars', async () => {
    av.fake.behave('MSFT', 'rate_limit_note', { times: 1 });
    const client = av.client();
    await client.fetchDaily('AAPL', 'compact', US_MARKET);
    const result = await client.fetchDaily('MSFT', 'compact', US_MARKET);
    expect(result.bars).toHaveLength(100);
    expect(av.fake.requests.map((r) => r.symbol)).toEqual(['AAPL', 'MSFT', 'MSFT']);
  });
});

describe('the fake sizes its answer like Alpha Vantage', () => {
  const SYMBOL = 'SYNTH';
  const BAR_COUNT = 120;
  let dir: string;
  let fake: FakeAlphaVantage;

  /** Weekdays from 2025-01-01 on, as an Alpha Vantage file would list them (newest first). */
  function syntheticSeries(): Record<string, unknown> {
    const dates: string[] = [];
    for (
      let day = new Date('2025-01-01T00:00:00Z');
      dates.length < BAR_COUNT;
      day.setUTCDate(day.getUTCDate() + 1)
    ) {
      if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) dates.push(day.toISOString().slice(0, 10));
    }
    const series: Record<string, unknown> = {};
    for (const [i, date] of dates.reverse().entries()) {
      const price = (100 + i).toFixed(4);
      series[date] = {
        '1. open': price,
        '2. high': price,
        '3. low': price,
        '4. close': price,
        '5. volume': '1000',
      };
    }
    return {
      'Meta Data': { '2. Symbol': SYMBOL, '4. Output Size': 'Full size' },
      'Time Series (Daily)': series,
    };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fake-av-'));
    writeFileSync(join(dir, `${SYMBOL}.json`), JSON.stringify(syntheticSeries()));
    fake = await startFakeAlphaVantage({ fixturesDir: dir });
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function raw(
    outputSize: string,
  ): Promise<{ 'Meta Data': Record<string, string>; 'Time Series (Daily)': object }> {
    const response = await fetch(
      `${fake.baseUrl}/query?function=TIME_SERIES_DAILY&symbol=${SYMBOL}&outputsize=${outputSize}&apikey=any`,
    );
    return (await response.json()) as { 'Meta Data': Record<string, string>; 'Time Series (Daily)': object };
  }

  it('serves only the latest 100 bars for compact', async () => {
    const body = await raw('compact');
    expect(body['Meta Data']['4. Output Size']).toBe('Compact');
    expect(Object.keys(body['Time Series (Daily)'])).toHaveLength(100);
    const compact = await testAlphaVantageClient(fake, KEY).fetchDaily(SYMBOL, 'compact', US_MARKET);
    const full = await testAlphaVantageClient(fake, KEY).fetchDaily(SYMBOL, 'full', US_MARKET);
    expect(compact.bars).toEqual(full.bars.slice(-100));
  });

  it('serves every bar for full', async () => {
    const body = await raw('full');
    expect(body['Meta Data']['4. Output Size']).toBe('Full size');
    expect(Object.keys(body['Time Series (Daily)'])).toHaveLength(BAR_COUNT);
  });

  it('answers a request without apikey with the invalid-key message', async () => {
    const response = await fetch(`${fake.baseUrl}/query?function=TIME_SERIES_DAILY&symbol=${SYMBOL}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveProperty('Error Message');
  });
});
