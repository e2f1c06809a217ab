/**
 * The HTTP app over stand-in services (vi.fn), through `app.inject()` or a real port: for tests of
 * what the HTTP layer itself decides (caching, refusals, headers), with the services' calls counted.
 */
import { vi } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { readEnv } from '../../src/config/env.js';
import { buildApp, type BuildAppOptions, type HttpApp, type HttpDeps } from '../../src/http/app.js';
import { JobEventFeed } from '../../src/jobs/job-events.js';
import type { JobService } from '../../src/jobs/job-service.js';
import type { ResultsService } from '../../src/results/results-service.js';
import { openTempSqlite } from './temp-db.js';

export const STAND_IN_NOW = new Date('2025-11-01T12:00:00.000Z');

export type StandInJobs = Record<
  'trigger' | 'status' | 'statusFingerprint' | 'list' | 'cancel',
  ReturnType<typeof vi.fn>
>;
export type StandInResults = Record<
  'getResults' | 'leaderboard' | 'trades' | 'benchmarkSeries' | 'dataVersion',
  ReturnType<typeof vi.fn>
>;

/** The job service's methods the HTTP layer calls, each a bare vi.fn. */
export const standInJobs = (): StandInJobs => ({
  trigger: vi.fn(),
  status: vi.fn(),
  statusFingerprint: vi.fn(),
  list: vi.fn(),
  cancel: vi.fn(),
});

/** The results service's, each a bare vi.fn. */
export const standInResults = (): StandInResults => ({
  getResults: vi.fn(),
  leaderboard: vi.fn(),
  trades: vi.fn(),
  benchmarkSeries: vi.fn(),
  dataVersion: vi.fn(),
});

export interface StandInApp {
  app: HttpApp;
  jobs: StandInJobs;
  results: StandInResults;
  /** Every log line written so far. */
  logText(): string;
  close(): Promise<void>;
}

export async function standInApp(
  env: Record<string, string> = {},
  options: BuildAppOptions = {},
): Promise<StandInApp> {
  const db = await openTempSqlite();
  let text = '';
  const jobs = standInJobs();
  const results = standInResults();
  results.dataVersion.mockResolvedValue('1.0');
  const parsed = readEnv({ LOG_LEVEL: 'info', ...env });
  const deps: HttpDeps = {
    jobs: jobs as unknown as JobService,
    events: new JobEventFeed(jobs as unknown as JobService, {
      dayOutcomes: () => Promise.resolve(new Map()),
    }),
    results: results as unknown as ResultsService,
    deployment: { mode: 'DEV', preserveDevData: false },
    database: db,
    logger: createLogger(parsed, { destination: { write: (line: string) => void (text += line) } }),
    now: () => STAND_IN_NOW,
    env: parsed,
  };
  const app = buildApp(deps, { webRoot: null, ...options });
  return {
    app,
    jobs,
    results,
    logText: () => text,
    async close() {
      await app.close();
      await db.dispose();
    },
  };
}
