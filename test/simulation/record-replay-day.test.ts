import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCassette, saveCassette } from '../../src/llm/cassette.js';
import { OpenAiCompatibleProvider } from '../../src/llm/openai-provider.js';
import { RecordingProvider } from '../../src/llm/recording-provider.js';
import { ReplayProvider } from '../../src/llm/replay-provider.js';
import type { LlmProvider } from '../../src/llm/provider.js';
import { ModelDayService } from '../../src/simulation/model-day-service.js';
import { KyselyModelDayStore } from '../../src/store/kysely-model-day-store.js';
import { sequence, startFakeOpenAi } from '../fakes/fake-openai.js';
import { fixturePriceIndex } from '../helpers/fixture-prices.js';
import { insertJob } from '../helpers/job-rows.js';
import { openTempSqlite } from '../helpers/temp-db.js';
import { US_MARKET } from '../../src/core/markets/index.js';

const UNIVERSE = ['AAPL', 'MSFT', 'NVDA'];

/** Runs one scripted day on a fresh database and returns every row it wrote, ids left out. */
async function runAndDump(provider: LlmProvider) {
  const db = await openTempSqlite();
  try {
    await insertJob(db.db, 'job-r');
    let tick = 0;
    const now = (): Date => new Date(Date.UTC(2026, 0, 1) + tick++ * 7);
    await new ModelDayService(new KyselyModelDayStore(db.db)).run({
      jobId: 'job-r',
      market: US_MARKET,
      model: 'rec',
      date: '2025-10-01',
      provider,
      prices: fixturePriceIndex([...UNIVERSE]),
      universe: UNIVERSE,
      maxSteps: 10,
      initialCash: 10000,
      now,
    });
    const strip = <T extends object>(rows: T[]) =>
      rows.map(
        ({ id: _id, trading_day_id: _t, ...rest }: T & { id?: unknown; trading_day_id?: unknown }) => rest,
      );
    return {
      days: strip(await db.db.selectFrom('trading_days').selectAll().execute()),
      trades: strip(await db.db.selectFrom('trades').selectAll().orderBy('seq').execute()),
      holdings: strip(await db.db.selectFrom('holdings').selectAll().orderBy('symbol').execute()),
      reasoning: strip(await db.db.selectFrom('reasoning_logs').selectAll().orderBy('seq').execute()),
      usage: strip(await db.db.selectFrom('token_usage').selectAll().orderBy('seq').execute()),
      audit: strip(await db.db.selectFrom('tool_call_audit').selectAll().orderBy('seq').execute()),
    };
  } finally {
    await db.dispose();
  }
}

describe('record and replay of a model-day', () => {
  it('replays a recorded day to identical rows with the provider switched off', async () => {
    const fake = await startFakeOpenAi();
    fake.script(
      'rec',
      sequence([
        {
          toolCalls: [
            { name: 'buy', arguments: { symbol: 'NVDA', amount: 7 } },
            { name: 'buy', arguments: { symbol: 'ZZZZ', amount: 1 } },
          ],
        },
        { content: 'Done <FINISH_SIGNAL>' },
        { content: 'Bought 7 NVDA.' },
      ]),
    );
    const recorder = new RecordingProvider(
      new OpenAiCompatibleProvider({ model: 'rec', baseURL: fake.baseURL, apiKey: 'k', maxRetries: 0 }),
    );
    const recorded = await runAndDump(recorder);
    await fake.close();

    const dir = mkdtempSync(join(tmpdir(), 'cassette-'));
    try {
      const path = join(dir, 'rec', '2025-10-01.json');
      await saveCassette(path, recorder.cassette());
      const replayed = await runAndDump(new ReplayProvider(await loadCassette(path)));
      expect(replayed).toEqual(recorded);
      expect(replayed.trades).toHaveLength(1);
      expect(replayed.audit).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
