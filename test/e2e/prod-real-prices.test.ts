import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { readEnv } from '../../src/config/env.js';
import { startServer } from '../../src/http/server.js';
import { demoBarsForRange } from '../../src/market-data/demo/demo-dataset.js';
import { KyselyPriceStore } from '../../src/store/kysely-price-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { fakeAlphaVantageEnv, startFakeAlphaVantage } from '../fakes/fake-alphavantage.js';
import { startFakeOpenAi } from '../fakes/fake-openai.js';
import { AV_KEY, basemodelOf, buyAndFinish, testConfig } from '../helpers/http-server.js';

describe('a PROD server on a database that also holds synthetic demo prices', () => {
  it('downloads real prices over them and fills orders at the real open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ai-trader-prod-'));
    const llm = await startFakeOpenAi();
    const av = await startFakeAlphaVantage({ key: AV_KEY });
    try {
      const path = join(dir, 'prod.db');
      const seeded = await openDatabase(path);
      await new KyselyPriceStore(seeded.db).saveBars(
        demoBarsForRange('2025-09-01', '2025-10-31', ['AAPL', 'MSFT', 'NVDA', 'QQQ']),
        'synthetic',
      );
      await seeded.close();

      llm.script(basemodelOf('alpha'), buyAndFinish('AAPL', 1));
      const env = readEnv({
        DATABASE_URL: path,
        LOG_LEVEL: 'error',
        ...fakeAlphaVantageEnv(av, AV_KEY),
      });
      const server = await startServer({
        env,
        port: 0,
        config: testConfig({ models: [{ signature: 'alpha' }] }, llm.baseURL),
        logger: createLogger(env),
      });
      try {
        const trigger = await fetch(`${server.url}/simulate/trigger`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ start_date: '2025-10-01', end_date: '2025-10-01' }),
        });
        const { job_id: jobId } = (await trigger.json()) as { job_id: string };
        for (;;) {
          const status = (await (await fetch(`${server.url}/simulate/status/${jobId}`)).json()) as {
            status: string;
          };
          if (['completed', 'partial', 'failed'].includes(status.status)) break;
          await new Promise((r) => setTimeout(r, 25));
        }
        // The synthetic bars were there, yet the job asked Alpha Vantage and traded at AAPL's real open.
        expect(av.requests.length).toBeGreaterThan(0);
        const results = (await (
          await fetch(`${server.url}/results?start_date=2025-10-01&end_date=2025-10-01`)
        ).json()) as {
          results: { trades: { price: number }[] }[];
        };
        expect(results.results[0]?.trades[0]?.price).toBe(255.04);
      } finally {
        await server.close();
      }
    } finally {
      await llm.close();
      await av.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
