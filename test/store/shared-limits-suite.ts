import type { Kysely } from 'kysely';
import { US_MARKET } from '../../src/core/markets/index.js';
import { describe, expect, it } from 'vitest';
import { AlphaVantageClient } from '../../src/market-data/alphavantage/client.js';
import type { DailyBar } from '../../src/core/bars.js';
import type { PriceHistoryProvider } from '../../src/market-data/history-provider.js';
import { PriceDataService } from '../../src/market-data/price-data-service.js';
import { KyselyDownloadClaims } from '../../src/store/kysely-download-claims.js';
import { KyselyPaceLedger } from '../../src/store/kysely-pace-ledger.js';
import { KyselyPriceStore } from '../../src/store/kysely-price-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import type { Database } from '../../src/store/schema.js';
import { startFakeAlphaVantage } from '../fakes/fake-alphavantage.js';
import { bar } from './sample-rows.js';
import { useFreshDatabase, type StoreBackend } from './store-backend.js';

const NOW = new Date('2025-10-31T15:00:00.000Z');

/** A provider that takes `delayMs` per symbol and counts what it was asked for. */
function slowProvider(delayMs: number): PriceHistoryProvider & { asked: string[] } {
  const asked: string[] = [];
  return {
    source: 'alphavantage',
    asked,
    async fetchHistory(symbol) {
      asked.push(symbol);
      await new Promise((r) => setTimeout(r, delayMs));
      const bars: DailyBar[] = ['2025-10-01', '2025-10-02'].map((date) => bar(symbol, date, 100));
      return { bars, coverage: { from: '2025-09-01', through: '2025-10-30' }, warnings: [] };
    },
  };
}

/** Download claims and the provider's shared pace, for any backend. */
export function defineSharedLimitsSuite(backend: StoreBackend): void {
  describe('limits shared by every process on the database', () => {
    const fresh = useFreshDatabase(backend);
    const kind = (): 'sqlite' | 'postgres' => (fresh.url().startsWith('postgres') ? 'postgres' : 'sqlite');

    /** Handles as separate processes have (one on SQLite: see job-claims-suite's `handles`). */
    async function handles(n: number): Promise<Kysely<Database>[]> {
      const first = await fresh.open();
      if (kind() === 'sqlite') return Array.from({ length: n }, () => first);
      const more = await Promise.all(Array.from({ length: n - 1 }, () => openDatabase(fresh.url())));
      fresh.track(...more);
      return [first, ...more.map((m) => m.db)];
    }

    it('lets one claimant at a time hold a symbol, and takes over a claim whose holder stopped renewing', async () => {
      const [db] = await handles(1);
      let now = NOW;
      const claims = new KyselyDownloadClaims(db!, { owner: 'w-a-1-a', leaseMs: 15_000, now: () => now });
      const [one, two] = [claims.claimant(), claims.claimant()];
      expect(await one.tryClaim('AAPL')).toBe(true);
      expect(await one.tryClaim('AAPL')).toBe(true);
      expect(await two.tryClaim('AAPL')).toBe(false);
      await one.release('AAPL');
      expect(await two.tryClaim('AAPL')).toBe(true);
      // `two` stops renewing (its process froze); a lease later the symbol is free.
      await two.close().catch(() => undefined);
      expect(await one.tryClaim('MSFT')).toBe(true);
      now = new Date(NOW.getTime() + 16_000);
      expect(await two.tryClaim('MSFT')).toBe(true);
      await one.close();
      await two.close();
    });

    it('downloads each symbol once when two processes need the same ones at the same time', async () => {
      const [a, b] = await handles(2);
      const symbols = ['AAPL', 'MSFT', 'NVDA', 'QQQ'];
      const service = (db: Kysely<Database>, owner: string, provider: PriceHistoryProvider) =>
        new PriceDataService({
          store: new KyselyPriceStore(db),
          provider,
          now: () => NOW,
          claims: new KyselyDownloadClaims(db, { owner, leaseMs: 15_000 }),
        });
      const [first, second] = [slowProvider(30), slowProvider(30)];
      const reports = await Promise.all([
        service(a!, 'w-a-1-a', first).download(US_MARKET, symbols, '2025-10-01', '2025-10-02'),
        service(b!, 'w-b-2-b', second).download(US_MARKET, symbols, '2025-10-01', '2025-10-02'),
      ]);
      expect([...first.asked, ...second.asked].sort()).toEqual(symbols);
      for (const report of reports) {
        expect(report.downloaded.sort()).toEqual(symbols);
        expect(report.failed).toEqual([]);
      }
      expect(reports[0]!.storedElsewhere.length + reports[1]!.storedElsewhere.length).toBe(symbols.length);
    });

    it('paces every process to the allowance one of them learned, counting all their answers', async () => {
      const [a, b] = await handles(2);
      let now = 1_000_000;
      const ledger = (db: Kysely<Database>, owner: string) =>
        new KyselyPaceLedger(db, kind(), {
          provider: 'alphavantage',
          owner,
          windowMs: 1_000,
          now: () => now,
        });
      const [one, two] = [ledger(a!, 'w-a-1-a'), ledger(b!, 'w-b-2-b')];
      const grant = async (l: KyselyPaceLedger): Promise<number> => {
        const decision = await l.tryGrant();
        if (!('granted' in decision)) throw new Error(`not granted: ${JSON.stringify(decision)}`);
        return decision.granted;
      };
      await one.settle(await grant(one), { answered: true });
      now += 100;
      await two.settle(await grant(two), { answered: true });
      await two.settle(await grant(two), { answered: true });
      // Refused: three were answered in the window, by both processes.
      await one.settle(await grant(one), { refused: true });
      expect(one.limit()).toBe(3);
      expect(await two.tryGrant()).toEqual({ waitMs: 900 });
      expect(two.limit()).toBe(3);
      now += 900;
      await two.settle(await grant(two), { answered: true });

      // A Retry-After pauses everyone.
      now += 100;
      await two.settle(await grant(two), { refused: true, retryAfterMs: 5_000 });
      expect(await one.tryGrant()).toEqual({ waitMs: 5_000 });
    });

    it('forgets a request whose process died before the answer', async () => {
      const [db] = await handles(1);
      let now = 1_000_000;
      const ledger = new KyselyPaceLedger(db!, kind(), {
        provider: 'alphavantage',
        owner: 'w-a-1-a',
        windowMs: 1_000,
        now: () => now,
        inFlightTimeoutMs: 30_000,
      });
      await ledger.settle(((await ledger.tryGrant()) as { granted: number }).granted, { answered: true });
      await ledger.settle(((await ledger.tryGrant()) as { granted: number }).granted, { refused: true });
      expect(ledger.limit()).toBe(1);
      now += 1_000;
      expect(await ledger.tryGrant()).toMatchObject({ granted: expect.any(Number) }); // never answered
      expect(await ledger.tryGrant()).toMatchObject({ waitForAnswer: true });
      now += 30_001;
      expect(await ledger.tryGrant()).toMatchObject({ granted: expect.any(Number) });
    });

    it("keeps two clients of one key under Alpha Vantage's limit after a single lesson", async () => {
      const fake = await startFakeAlphaVantage({ key: 'SHAREDKEY' });
      try {
        const windowMs = 1_000;
        fake.limitPerWindow(6, { windowMs, now: () => Date.now() });
        const [a, b] = await handles(2);
        const client = (db: Kysely<Database>, owner: string) =>
          new AlphaVantageClient({
            apiKey: 'SHAREDKEY',
            baseUrl: fake.baseUrl,
            rateWindowMs: windowMs,
            now: () => Date.now(),
            paceLedger: (ms) =>
              new KyselyPaceLedger(db, kind(), { provider: 'alphavantage', owner, windowMs: ms }),
          });
        const fetchAll = async (c: AlphaVantageClient, symbols: string[]) => {
          for (const symbol of symbols) await c.fetchDaily(symbol, 'compact', US_MARKET);
        };
        await Promise.all([
          fetchAll(client(a!, 'w-a-1-a'), ['AAPL', 'MSFT', 'NVDA', 'GOOGL', 'ADBE', 'ABNB', 'QQQ']),
          fetchAll(client(b!, 'w-b-2-b'), ['AAPL', 'MSFT', 'NVDA', 'GOOGL', 'ADBE', 'ABNB', 'QQQ']),
        ]);
        const refused = fake.requests.length - 14;
        // At most each client's first request over the limit (both may be in flight when it is
        // first reached); from then on both keep to what one of them learned.
        expect(refused).toBeGreaterThanOrEqual(1);
        expect(refused).toBeLessThanOrEqual(2);
      } finally {
        await fake.close();
      }
    }, 20_000);
  });
}
