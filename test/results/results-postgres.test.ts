import { describe } from 'vitest';
import {
  createIsolatedSchema,
  POSTGRES_UNAVAILABLE_REASON,
  postgresUrlForTests,
} from '../helpers/postgres.js';
import type { StoreBackend } from '../store/store-backend.js';
import { defineLeaderboardSuite } from './leaderboard-suite.js';
import { defineResultsSuite } from './results-suite.js';

const baseUrl = await postgresUrlForTests();

if (baseUrl === null) {
  console.warn(POSTGRES_UNAVAILABLE_REASON);
  const unavailable: StoreBackend = {
    freshDatabase: () => Promise.reject(new Error(POSTGRES_UNAVAILABLE_REASON)),
  };
  describe.skip(`results on PostgreSQL [${POSTGRES_UNAVAILABLE_REASON}]`, () => {
    defineResultsSuite(unavailable);
    defineLeaderboardSuite(unavailable);
  });
} else {
  // A schema per test, so each test starts from an empty, freshly migrated database.
  const schemaPerTest: StoreBackend = {
    async freshDatabase() {
      const isolated = await createIsolatedSchema(baseUrl);
      return { url: isolated.url, dispose: isolated.drop };
    },
  };
  describe('results on PostgreSQL', () => {
    defineResultsSuite(schemaPerTest);
    defineLeaderboardSuite(schemaPerTest);
  });
}
