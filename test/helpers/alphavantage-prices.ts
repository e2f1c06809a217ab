import { afterEach, beforeEach } from 'vitest';
import { createPriceDataService } from '../../src/app/price-data.js';
import { AlphaVantageHistoryProvider } from '../../src/market-data/alphavantage-history-provider.js';
import type { PriceDataService } from '../../src/market-data/price-data-service.js';
import { KyselyPriceStore } from '../../src/store/kysely-price-store.js';
import type { FakeAlphaVantage } from '../fakes/fake-alphavantage.js';
import {
  testAlphaVantageClient,
  useFakeAlphaVantage,
  type FakeAlphaVantageSuite,
} from './alphavantage-client.js';
import { openTempSqlite } from './temp-db.js';

/**
 * An `AlphaVantageHistoryProvider` on a test client for `fake` (no request budget, the default)
 * that takes `today` as the current day.
 */
export function testAlphaVantageHistoryProvider(
  fake: Pick<FakeAlphaVantage, 'baseUrl'>,
  apiKey: string,
  today: string,
): AlphaVantageHistoryProvider {
  return new AlphaVantageHistoryProvider(testAlphaVantageClient(fake, apiKey), () => today);
}

export interface AlphaVantagePriceSuite extends FakeAlphaVantageSuite {
  /** This test's price store, on its own fresh SQLite file. */
  readonly store: KyselyPriceStore;
  /**
   * A price-data service that stores into `store` and downloads from the fake as a provider that
   * takes `today` as the current day. `apiKey` defaults to the suite's key, `now` to 15:00 UTC of `today`.
   */
  service(options: { today: string; apiKey?: string; now?: () => Date }): PriceDataService;
}

/**
 * `useFakeAlphaVantage(key)` plus, for each test, a fresh migrated SQLite database with a
 * `KyselyPriceStore` on it, closed and deleted after the test.
 */
export function useAlphaVantagePriceStore(key: string): AlphaVantagePriceSuite {
  const av = useFakeAlphaVantage(key);
  let database: Awaited<ReturnType<typeof openTempSqlite>> | undefined;
  let store: KyselyPriceStore | undefined;

  beforeEach(async () => {
    database = await openTempSqlite();
    store = new KyselyPriceStore(database.db);
  });
  afterEach(async () => {
    await database?.dispose();
    database = undefined;
    store = undefined;
  });

  const currentStore = (): KyselyPriceStore => {
    if (store === undefined) throw new Error('the price store exists only inside a test');
    return store;
  };

  return {
    get fake() {
      return av.fake;
    },
    client: av.client,
    get store() {
      return currentStore();
    },
    service: ({ today, apiKey = key, now = () => new Date(`${today}T15:00:00Z`) }) =>
      createPriceDataService({
        store: currentStore(),
        provider: testAlphaVantageHistoryProvider(av.fake, apiKey, today),
        now,
      }),
  };
}
