import { describeStoreOnPostgres } from '../helpers/postgres-backend.js';
import { defineLeaderboardSuite } from './leaderboard-suite.js';
import { defineMarketsSuite } from './markets-suite.js';
import { defineResultsSuite } from './results-suite.js';
import { defineTradesSuite } from './trades-suite.js';

// A schema per test, so each test starts from an empty, freshly migrated database.
await describeStoreOnPostgres('results on PostgreSQL', (backend) => {
  defineResultsSuite(backend);
  defineLeaderboardSuite(backend);
  defineTradesSuite(backend);
  defineMarketsSuite(backend);
});
