/**
 * Engine throughput: committed model-days per second on SQLite with zero-latency mock models, i.e.
 * the cost of our own code (prompt, tool loop through MarketView and ledger, valuation, one atomic
 * commit per day) with the LLM taken out, in each market on its own synthetic data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '../src/core/dates.js';
import { allMarkets, symbolsToPrice, US_MARKET, type Market } from '../src/core/markets/index.js';
import { PriceIndex } from '../src/core/price-index.js';
import type { MOCK_STRATEGIES } from '../src/config/app-config.js';
import { MockProvider } from '../src/llm/mock-provider.js';
import { demoBarsForRange } from '../src/market-data/demo/demo-dataset.js';
import { ModelDayService } from '../src/simulation/model-day-service.js';
import { KyselyModelDayStore } from '../src/store/kysely-model-day-store.js';
import { openDatabase } from '../src/store/open-database.js';
import { insertJob } from '../test/helpers/job-rows.js';
import { median, type BenchContext } from './report.js';

const END = '2025-10-31';
const STRATEGIES = ['buy_and_hold', 'momentum'] as const;

export async function run({ quick, record }: BenchContext): Promise<void> {
  const repetitions = quick ? 1 : 3;
  const usRates = new Map<string, number>();
  for (const market of allMarkets()) {
    // The same number of sessions in every market, so the figures compare work per model-day.
    const sessions = lastSessions(market, quick ? 10 : 40);
    const universe = market.defaultUniverse;
    const first = sessions[0] ?? END;
    const prices = new PriceIndex(
      demoBarsForRange(addDays(first, -30), END, symbolsToPrice(market, universe), market),
    );
    for (const strategy of STRATEGIES) {
      const rates: number[] = [];
      for (let rep = 0; rep < repetitions; rep++)
        rates.push(await modelDaysPerSecond(market, strategy, sessions, prices));
      const rate = median(rates);
      // US keeps the names it always had, so figures compare across runs.
      const name = market === US_MARKET ? strategy : `${market.id}.${strategy}`;
      record(
        `engine.model_days_per_s.${name}`,
        rate,
        '/s',
        `${market.id}: SQLite (WAL, temp file), ${universe.length} symbols, ${sessions.length} sessions x 4 models sequential, zero-latency mock ${strategy}, median of ${repetitions}`,
      );
      if (market === US_MARKET) usRates.set(strategy, rate);
      else {
        const us = usRates.get(strategy) ?? rate;
        record(
          `engine.${market.id}_vs_us.${strategy}`,
          rate / us,
          'x',
          `${market.id} throughput over US, same run`,
        );
      }
    }
  }
}

function lastSessions(market: Market, count: number): string[] {
  const sessions = market.calendar.sessionsBetween(addDays(END, -120), END);
  return sessions.slice(-count);
}

async function modelDaysPerSecond(
  market: Market,
  strategy: (typeof MOCK_STRATEGIES)[number],
  sessions: readonly string[],
  prices: PriceIndex,
): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-engine-'));
  const db = await openDatabase(join(dir, 'bench.db'));
  try {
    await insertJob(db.db, 'bench');
    const service = new ModelDayService(new KyselyModelDayStore(db.db));
    const models = ['m1', 'm2', 'm3', 'm4'];
    const started = process.hrtime.bigint();
    for (const model of models) {
      const provider = new MockProvider({ strategy, signature: model });
      for (const date of sessions) {
        await service.run({
          jobId: 'bench',
          market,
          model,
          date,
          provider,
          prices,
          universe: market.defaultUniverse,
          maxSteps: 30,
          initialCash: market.defaultInitialCash,
          now: () => new Date(),
        });
      }
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return (models.length * sessions.length) / seconds;
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
