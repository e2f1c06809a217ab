import { describeStoreOnPostgres } from '../helpers/postgres-backend.js';
import { defineJobClaimsSuite } from './job-claims-suite.js';
import { defineJobStoreSuite } from './job-store-suite.js';
import { definePriceStoreSuite } from './price-store-suite.js';
import { defineSchemaSuite } from './schema-suite.js';
import { defineSharedLimitsSuite } from './shared-limits-suite.js';

// A schema per test, so every test starts from an unmigrated database as it does on SQLite.
await describeStoreOnPostgres('PostgreSQL store', (backend) => {
  defineSchemaSuite(backend);
  definePriceStoreSuite(backend);
  defineJobStoreSuite(backend);
  defineJobClaimsSuite(backend);
  defineSharedLimitsSuite(backend);
});
