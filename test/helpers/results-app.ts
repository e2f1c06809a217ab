/**
 * The HTTP app over the real results service and a temp SQLite database the test seeds, with the
 * job service standing in (vi.fn): for tests of what results routes answer from stored days, and of
 * what a trigger adds from them (its cost estimate), without running jobs.
 */
import { createLogger } from '../../src/app/logger.js';
import { readEnv } from '../../src/config/env.js';
import { buildApp, type HttpApp } from '../../src/http/app.js';
import { JobEventFeed } from '../../src/jobs/job-events.js';
import type { JobService } from '../../src/jobs/job-service.js';
import { ResultsService } from '../../src/results/results-service.js';
import { KyselyResultsStore } from '../../src/store/kysely-results-store.js';
import { standInJobs, STAND_IN_NOW, type StandInJobs } from './stand-in-app.js';
import { openTempSqlite } from './temp-db.js';

export interface ResultsApp {
  app: HttpApp;
  db: Awaited<ReturnType<typeof openTempSqlite>>;
  jobs: StandInJobs;
  close(): Promise<void>;
}

export async function resultsApp(now: Date = STAND_IN_NOW): Promise<ResultsApp> {
  const db = await openTempSqlite();
  const jobs = standInJobs();
  const env = readEnv({ LOG_LEVEL: 'silent' });
  const app = buildApp(
    {
      jobs: jobs as unknown as JobService,
      events: new JobEventFeed(jobs as unknown as JobService, {
        dayOutcomes: () => Promise.resolve(new Map()),
      }),
      results: new ResultsService(new KyselyResultsStore(db.db)),
      deployment: { mode: 'DEV', preserveDevData: false },
      database: db,
      logger: createLogger(env),
      now: () => now,
      env,
    },
    { webRoot: null },
  );
  return {
    app,
    db,
    jobs,
    async close() {
      await app.close();
      await db.dispose();
    },
  };
}
