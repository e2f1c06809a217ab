/**
 * A DEV-mode server as `npm run demo` runs it (mock models, synthetic prices, SQLite in a temp
 * folder) on 127.0.0.1, serving the built dashboard, with one finished demo job over fixed dates.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { createLogger } from '../../src/app/logger.js';
import { demoDates } from '../../src/cli/commands/demo.js';
import { readEnv } from '../../src/config/env.js';
import { startServer } from '../../src/http/server.js';
import type { Database } from '../../src/store/schema.js';

/** A fixed "now": the same dates, prices and results on every run (and the same screenshot). */
export const DEMO_NOW = new Date('2025-11-03T15:00:00Z');

export interface DemoServer {
  url: string;
  start: string;
  end: string;
  jobId: string;
  getJson<T = any>(path: string): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The server's own database, for tests that add rows of their own (another market's days). */
  db: Kysely<Database>;
  close(): Promise<void>;
}

export async function startDemoServer(sessions: number): Promise<DemoServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ai-trader-browser-'));
  const env = readEnv({
    DEPLOYMENT_MODE: 'DEV',
    DATABASE_URL: join(dir, 'demo.db'),
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
  });
  const server = await startServer({ env, logger: createLogger(env), now: () => DEMO_NOW });
  const getJson = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${server.url}${path}`);
    if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  try {
    const { start, end } = demoDates(DEMO_NOW, sessions);
    const response = await fetch(`${server.url}/simulate/trigger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ start_date: start, end_date: end }),
    });
    const created = (await response.json()) as { job_id: string };
    if (!response.ok) throw new Error(`trigger: HTTP ${response.status} ${JSON.stringify(created)}`);
    for (;;) {
      const status = (await getJson(`/simulate/status/${created.job_id}`)) as { status: string };
      if (['completed', 'partial', 'failed'].includes(status.status)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return {
      url: server.url,
      start,
      end,
      jobId: created.job_id,
      getJson,
      db: server.container.database.db,
      close: async () => {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
