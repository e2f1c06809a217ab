import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { defineJobClaimsSuite } from './job-claims-suite.js';
import { defineJobStoreSuite } from './job-store-suite.js';
import { definePriceStoreSuite } from './price-store-suite.js';
import { defineSchemaSuite } from './schema-suite.js';
import { defineSharedLimitsSuite } from './shared-limits-suite.js';
import type { StoreBackend } from './store-backend.js';

const sqliteFilePerTest: StoreBackend = {
  freshDatabase() {
    const dir = mkdtempSync(join(tmpdir(), 'ai-trader-store-'));
    return Promise.resolve({
      url: `sqlite:${join(dir, 'test.db')}`,
      dispose: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    });
  },
};

describe('SQLite store', () => {
  defineSchemaSuite(sqliteFilePerTest);
  definePriceStoreSuite(sqliteFilePerTest);
  defineJobStoreSuite(sqliteFilePerTest);
  defineJobClaimsSuite(sqliteFilePerTest);
  defineSharedLimitsSuite(sqliteFilePerTest);
});
