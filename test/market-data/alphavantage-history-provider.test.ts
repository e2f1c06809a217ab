import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { US_MARKET } from '../../src/core/markets/index.js';
import { HistoryFetchError } from '../../src/market-data/history-provider.js';
import { startFakeAlphaVantage, type FakeAlphaVantage } from '../fakes/fake-alphavantage.js';
import {
  testAlphaVantageHistoryProvider,
  useAlphaVantagePriceStore,
} from '../helpers/alphavantage-prices.js';
import { fixtureText } from '../helpers/fixtures.js';

const KEY = 'PROVIDERTESTKEY';
/** The last bar of the fixtures: on this day it may be a session still trading. */
const LAST_FIXTURE_DAY = '2025-10-30';

const providerOn = (fake: Pick<FakeAlphaVantage, 'baseUrl'>, today: string) =>
  testAlphaVantageHistoryProvider(fake, KEY, today);

describe('AlphaVantageHistoryProvider and the current session', () => {
  const av = useAlphaVantagePriceStore(KEY);
  const serviceOn = (today: string) => av.service({ today });

  it("drops today's bar and covers only through the previous session", async () => {
    const result = await providerOn(av.fake, LAST_FIXTURE_DAY).fetchHistory(
      'AAPL',
      '2025-10-01',
      LAST_FIXTURE_DAY,
      US_MARKET,
    );
    expect(result.bars.at(-1)?.date).toBe('2025-10-29');
    expect(result.bars.some((bar) => bar.date >= LAST_FIXTURE_DAY)).toBe(false);
    expect(result.coverage.through).toBe('2025-10-29');
  });

  it('keeps every bar of a day already over', async () => {
    const result = await providerOn(av.fake, '2025-10-31').fetchHistory(
      'AAPL',
      '2025-10-01',
      LAST_FIXTURE_DAY,
      US_MARKET,
    );
    expect(result.bars.at(-1)?.date).toBe(LAST_FIXTURE_DAY);
    expect(result.coverage.through).toBe(LAST_FIXTURE_DAY);
  });

  it("stores 2025-10-29 but not today's 2025-10-30, which a later download fetches", async () => {
    const report = await serviceOn(LAST_FIXTURE_DAY).download(
      US_MARKET,
      ['AAPL'],
      '2025-10-01',
      LAST_FIXTURE_DAY,
    );
    expect(report.downloaded).toEqual(['AAPL']);

    const stored = (await av.store.storedDates(['AAPL'], '2025-10-01', LAST_FIXTURE_DAY)).get('AAPL');
    expect(stored?.has('2025-10-29')).toBe(true);
    expect(stored?.has(LAST_FIXTURE_DAY)).toBe(false);
    expect(await av.store.loadBars(['AAPL'], LAST_FIXTURE_DAY, LAST_FIXTURE_DAY)).toEqual([]);
    const spans = await av.store.coverage(['AAPL'], '2025-10-01', '2035-12-31');
    expect(spans.every((span) => span.endDate < LAST_FIXTURE_DAY)).toBe(true);

    // Not covered either, so the next day's download asks again and stores the finished bar.
    const next = serviceOn('2025-10-31');
    expect(await next.missingSymbols(US_MARKET, ['AAPL'], '2025-10-01', LAST_FIXTURE_DAY)).toEqual(
      new Map([['AAPL', [LAST_FIXTURE_DAY]]]),
    );
    av.fake.reset();
    await next.download(US_MARKET, ['AAPL'], '2025-10-01', LAST_FIXTURE_DAY);
    expect(av.fake.requests).toHaveLength(1);
    expect(
      (await av.store.loadBars(['AAPL'], LAST_FIXTURE_DAY, LAST_FIXTURE_DAY)).map((b) => b.date),
    ).toEqual([LAST_FIXTURE_DAY]);
  });

  // Responses holding nothing but today's bar, served from a one-bar copy of a real fixture.
  describe("when the answer holds only today's bar", () => {
    let onlyToday: FakeAlphaVantage;
    let fixtureDir: string;

    beforeAll(async () => {
      fixtureDir = mkdtempSync(join(tmpdir(), 'ai-trader-av-one-bar-'));
      const payload = JSON.parse(fixtureText('AAPL')) as {
        'Time Series (Daily)': Record<string, unknown>;
      };
      const series = { [LAST_FIXTURE_DAY]: payload['Time Series (Daily)'][LAST_FIXTURE_DAY] };
      writeFileSync(
        join(fixtureDir, 'AAPL.json'),
        JSON.stringify({ ...payload, 'Time Series (Daily)': series }),
      );
      onlyToday = await startFakeAlphaVantage({ key: KEY, fixturesDir: fixtureDir });
    });
    afterAll(async () => {
      await onlyToday.close();
      rmSync(fixtureDir, { recursive: true, force: true });
    });

    it('reports no data from a compact answer', async () => {
      const attempt = providerOn(onlyToday, LAST_FIXTURE_DAY).fetchHistory(
        'AAPL',
        '2025-10-01',
        LAST_FIXTURE_DAY,
        US_MARKET,
      );
      await expect(attempt).rejects.toBeInstanceOf(HistoryFetchError);
      await expect(attempt).rejects.toMatchObject({ kind: 'no_data' });
    });

    it("keeps a full answer's word for every earlier session", async () => {
      const result = await providerOn(onlyToday, LAST_FIXTURE_DAY).fetchHistory(
        'AAPL',
        '2020-01-02',
        LAST_FIXTURE_DAY,
        US_MARKET,
      );
      expect(onlyToday.requests.at(-1)?.outputSize).toBe('full');
      expect(result.bars).toEqual([]);
      expect(result.coverage).toEqual({ from: '1900-01-01', through: '2025-10-29' });
    });
  });
});
