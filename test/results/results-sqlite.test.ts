import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import type { StoreBackend } from '../store/store-backend.js';
import { defineLeaderboardSuite } from './leaderboard-suite.js';
import { defineMarketsSuite } from './markets-suite.js';
import { defineResultsSuite } from './results-suite.js';
import { defineTradesSuite } from './trades-suite.js';

const sqliteFilePerTest: StoreBackend = {
  freshDatabase() {
    const dir = mkdtempSync(join(tmpdir(), 'ai-trader-results-'));
    return Promise.resolve({
      url: `sqlite:${join(dir, 'test.db')}`,
      dispose: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    });
  },
};

describe('results on SQLite', () => {
  defineResultsSuite(sqliteFilePerTest);
  defineLeaderboardSuite(sqliteFilePerTest);
  defineTradesSuite(sqliteFilePerTest);
  defineMarketsSuite(sqliteFilePerTest);
});
