/**
 * Fairness: while a job of zero-latency models runs (DEV mocks: the worst case, nothing but CPU),
 * how long `/health` and `/simulate/status` take to answer at p99, and how long SIGTERM takes to
 * stop the process mid-job. Server in its own process, SQLite.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { previousTradingDay, tradingDaysBetween } from '../src/core/calendar.js';
import { addDays, todayUtc } from '../src/core/dates.js';
import { median, type BenchContext } from './report.js';
import { jobState, triggerJob, waitForJob } from './job-client.js';
import { startServerProcess } from './server-process.js';

const MODELS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'];

export async function run({ quick, record }: BenchContext): Promise<void> {
  const end = previousTradingDay(todayUtc(new Date()));
  const sessions = tradingDaysBetween(addDays(end, quick ? -120 : -364), end);
  const repetitions = quick ? 1 : 3;
  const health: number[] = [];
  const status: number[] = [];
  const stops: number[] = [];
  const dayCounts: number[] = [];
  for (let rep = 0; rep < repetitions; rep++) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-fair-'));
    try {
      const config = join(dir, 'config.json');
      writeFileSync(
        config,
        JSON.stringify({ models: MODELS.map((m) => ({ name: m, basemodel: `mock-${m}`, signature: m })) }),
      );
      const server = await startServerProcess({
        DEPLOYMENT_MODE: 'DEV',
        DATABASE_URL: join(dir, 'fair.db'),
        CONFIG_PATH: config,
        MAX_SIMULATION_DAYS: '400',
      });
      const { jobId } = await triggerJob(server.url, { start_date: sessions[0], end_date: sessions.at(-1) });
      const started = await waitForJob(
        server.url,
        jobId,
        (s) => s.status !== 'pending' && s.status !== 'downloading_data',
        20,
      );
      if (started.status !== 'running') throw new Error(`job ended ${started.status} before the load`);
      // Both loads run while the job does; the job is long enough to outlast them.
      const seconds = quick ? 1 : 2;
      const [h, s] = await Promise.all([
        autocannon({ url: `${server.url}/health`, connections: 5, duration: seconds }),
        autocannon({ url: `${server.url}/simulate/status/${jobId}`, connections: 5, duration: seconds }),
      ]);
      const progress = await jobState(server.url, jobId);
      if (progress.status !== 'running')
        console.log(`fairness: warning: the job was ${progress.status} when the load ended`);
      health.push(h.latency.p99);
      status.push(s.latency.p99);
      dayCounts.push(progress.total);
      stops.push(await server.close());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const what = `while a DEV job of ${MODELS.length} zero-latency mock models x ${sessions.length} sessions runs (SQLite, server in its own process, 5 connections each on /health and /simulate/status at once), median of ${repetitions}`;
  record('fairness.health_p99_ms', median(health), 'ms', what);
  record('fairness.status_p99_ms', median(status), 'ms', what);
  record('fairness.sigterm_to_exit_ms', median(stops), 'ms', `SIGTERM sent mid-job to exit; ${what}`);
}
