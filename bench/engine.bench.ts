/**
 * Engine throughput: committed model-days per second on SQLite with zero-latency mock models, i.e.
 * the cost of our own code (prompt, tool loop through MarketView and ledger, valuation, one atomic
 * commit per day) with the LLM taken out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tradingDaysBetween } from '../src/core/calendar.js';
import { addDays } from '../src/core/dates.js';
import { PriceIndex } from '../src/core/price-index.js';
import { BENCHMARK_SYMBOL, NASDAQ_100_SYMBOLS } from '../src/core/universe.js';
import type { MOCK_STRATEGIES } from '../src/config/app-config.js';
import { MockProvider } from '../src/llm/mock-provider.js';
import { demoBarsForRange } from '../src/market-data/demo/demo-dataset.js';
import { ModelDayService } from '../src/simulation/model-day-service.js';
import { KyselyModelDayStore } from '../src/store/kysely-model-day-store.js';
import { openDatabase } from '../src/store/open-database.js';
import { insertJob } from '../test/helpers/job-rows.js';
import { median, type BenchContext } from './report.js';
import { US_MARKET } from '../src/core/markets/index.js';

const END = '2025-10-31';

export async function run({ quick, record }: BenchContext): Promise<void> {
  const sessions = tradingDaysBetween(addDays(END, quick ? -14 : -60), END);
  const prices = new PriceIndex(
    demoBarsForRange(addDays(sessions[0] ?? END, -30), END, [...NASDAQ_100_SYMBOLS, BENCHMARK_SYMBOL]),
  );
  const repetitions = quick ? 1 : 3;

  for (const strategy of ['buy_and_hold', 'momentum'] as const) {
    const rates: number[] = [];
    for (let rep = 0; rep < repetitions; rep++)
      rates.push(await modelDaysPerSecond(strategy, sessions, prices));
    record(
      `engine.model_days_per_s.${strategy}`,
      median(rates),
      '/s',
      `SQLite (WAL, temp file), ${NASDAQ_100_SYMBOLS.length} symbols, ${sessions.length} sessions x 4 models sequential, zero-latency mock ${strategy}, median of ${repetitions}`,
    );
  }
}

async function modelDaysPerSecond(
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
          market: US_MARKET,
          model,
          date,
          provider,
          prices,
          universe: NASDAQ_100_SYMBOLS,
          maxSteps: 30,
          initialCash: 10000,
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
