import { describe } from 'vitest';
import {
  createIsolatedSchema,
  POSTGRES_UNAVAILABLE_REASON,
  postgresUrlForTests,
} from '../helpers/postgres.js';
import { defineJobStoreSuite } from './job-store-suite.js';
import { definePriceStoreSuite } from './price-store-suite.js';
import { defineSchemaSuite } from './schema-suite.js';
import type { StoreBackend } from './store-backend.js';

const baseUrl = await postgresUrlForTests();

if (baseUrl === null) {
  console.warn(POSTGRES_UNAVAILABLE_REASON);
  const unavailable: StoreBackend = {
    freshDatabase: () => Promise.reject(new Error(POSTGRES_UNAVAILABLE_REASON)),
  };
  describe.skip(`PostgreSQL store [${POSTGRES_UNAVAILABLE_REASON}]`, () => {
    defineSchemaSuite(unavailable);
    definePriceStoreSuite(unavailable);
    defineJobStoreSuite(unavailable);
  });
} else {
  // A schema per test, so every test starts from an unmigrated database as it does on SQLite.
  const schemaPerTest: StoreBackend = {
    async freshDatabase() {
      const isolated = await createIsolatedSchema(baseUrl);
      return { url: isolated.url, dispose: isolated.drop };
    },
  };
  describe('PostgreSQL store', () => {
    defineSchemaSuite(schemaPerTest);
    definePriceStoreSuite(schemaPerTest);
    defineJobStoreSuite(schemaPerTest);
  });
}
