/**
 * What the four common reads cost the server: CPU milliseconds per request and requests per second,
 * with the server in its own process (its CPU read from /proc, so the load generator's CPU is not
 * counted) under 10 connections, as the original was measured. Also the first trigger after start.
 *
 * The data: a DEV-mode job of 5 mock models x 20 sessions on SQLite, so `/simulate/status` carries
 * 100 details, the `/results` range covers 5 models x 20 days, and one day with full reasoning is
 * 5 model-days with their whole conversations.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { previousTradingDay, tradingDaysBetween } from '../src/core/calendar.js';
import { addDays, todayUtc } from '../src/core/dates.js';
import { median, type BenchContext } from './report.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { triggerJob, waitForJob } from './job-client.js';

async function waitForCompletion(url: string, jobId: string): Promise<void> {
  const { status } = await waitForJob(url, jobId);
  if (status !== 'completed') throw new Error(`job ${jobId} ended ${status}`);
}

const MODELS = ['m1', 'm2', 'm3', 'm4', 'm5'];
const STRATEGIES = ['momentum', 'mean_reversion', 'buy_and_hold', 'random', 'momentum'];
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export async function run({ quick, record }: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-reads-'));
  const end = previousTradingDay(todayUtc(new Date()));
  const sessions = tradingDaysBetween(addDays(end, -40), end).slice(-20);
  const start = sessions[0] as string;
  const oneDay = sessions[10] as string;
  const config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      models: MODELS.map((m, i) => ({
        name: m,
        basemodel: `mock-${m}`,
        signature: m,
        dev_strategy: STRATEGIES[i],
      })),
    }),
  );
  const env = {
    DEPLOYMENT_MODE: 'DEV',
    PRESERVE_DEV_DATA: 'true',
    DATABASE_URL: join(dir, 'reads.db'),
    CONFIG_PATH: config,
    MAX_SIMULATION_DAYS: '60',
  };
  const seconds = quick ? 2 : 6;
  const repetitions = quick ? 1 : 3;

  try {
    // Seed with one server, then measure a fresh one on the same database (its first request is cold).
    let jobId: string;
    {
      const seeder = await startServerProcess(env);
      try {
        ({ jobId } = await triggerJob(seeder.url, { start_date: start, end_date: sessions.at(-1) }));
        await waitForCompletion(seeder.url, jobId);
      } finally {
        await seeder.close();
      }
    }

    const server = await startServerProcess(env);
    try {
      // The client's own first connection is not the server's cost: open it with a read first.
      await (await fetch(`${server.url}/health`)).arrayBuffer();
      const oneModelDay = { start_date: oneDay, end_date: oneDay, models: ['m1'], replace_existing: true };
      const first = await triggerJob(server.url, oneModelDay);
      record(
        'reads.first_trigger_ms',
        first.ms,
        'ms',
        'POST /simulate/trigger, the first trigger of a freshly started server (SQLite, DEV mode; the client connection opened by a GET /health first): plans and creates a 1-model-day job',
      );
      await waitForCompletion(server.url, first.jobId);
      const later: number[] = [];
      for (let i = 0; i < (quick ? 5 : 20); i++) {
        const next = await triggerJob(server.url, oneModelDay);
        later.push(next.ms);
        await waitForCompletion(server.url, next.jobId);
      }
      record(
        'reads.later_trigger_p50_ms',
        median(later),
        'ms',
        `POST /simulate/trigger after the first, each creating a 1-model-day job once the previous one ended; median of ${later.length}`,
      );

      const reads: [string, string][] = [
        ['health', '/health'],
        ['status_100_details', `/simulate/status/${jobId}`],
        ['results_range_5x20', `/results?start_date=${start}&end_date=${sessions.at(-1)}`],
        ['results_day_full_reasoning', `/results?start_date=${oneDay}&end_date=${oneDay}&reasoning=full`],
      ];
      for (const [name, path] of reads) {
        const cpu: number[] = [];
        const rates: number[] = [];
        for (let rep = 0; rep < repetitions; rep++) {
          const measured = await measure(server, path, seconds);
          cpu.push(measured.cpuMsPerRequest);
          rates.push(measured.requestsPerSecond);
        }
        const what = `GET ${path.replace(jobId, '{job_id}').replace(/\?.*/, '?...')}, 10 connections x ${seconds} s, server in its own process (SQLite, DEV data: 5 models x 20 sessions), median of ${repetitions}`;
        record(
          `reads.${name}.cpu_ms_per_request`,
          median(cpu),
          'ms',
          `${what}; server CPU (user+system) / requests`,
        );
        record(`reads.${name}.requests_per_s`, median(rates), '/s', what);
      }
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(
  server: ServerProcess,
  path: string,
  seconds: number,
): Promise<{ cpuMsPerRequest: number; requestsPerSecond: number }> {
  const pid = server.child.pid as number;
  const before = cpuTicks(pid);
  const result = await autocannon({ url: `${server.url}${path}`, connections: 10, duration: seconds });
  const ticks = cpuTicks(pid) - before;
  const requests = result.requests.total;
  const non2xx = result.non2xx;
  if (non2xx > 0) console.log(`reads: warning: ${non2xx} of ${requests} answers to ${path} were not 2xx`);
  return {
    cpuMsPerRequest: ((ticks / TICKS_PER_SECOND) * 1000) / Math.max(1, requests),
    requestsPerSecond: requests / seconds,
  };
}

/** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}
