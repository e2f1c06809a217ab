/**
 * The trigger's answer time while the server's own worker is busy (issue 18: the original answered
 * p99 8-13 ms): 50 sequential `POST /simulate/trigger`, each creating a job of 5 mock models x 1
 * session that the in-process worker claims, prepares and runs at once (DEV mocks: nothing but CPU
 * and SQLite), so every trigger after the first arrives while earlier jobs are being worked on.
 * Timed by the client, from sending the request to the parsed answer; the server runs in its own
 * process.
 *
 * Three cases: `trigger.*`, the prices already stored (a seed job of another model ran over the whole
 * span first), so a job's preparation only checks them and loads them; `trigger.downloading.*`, an
 * empty database, so each job's preparation also generates and stores the synthetic bars of its new
 * session for the whole universe (what a download is in DEV mode); and `trigger.no_worker.*`, the
 * same triggers against `serve --no-worker`, whose jobs stay pending: what a trigger costs on this
 * machine with nothing else on the event loop, the floor the other two are to be read against.
 *
 * Each trigger plans one session of its own, in ascending order, so none is refused as taken by
 * another active job or as coming before a completed day.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { previousTradingDay, tradingDaysBetween } from '../src/core/calendar.js';
import { addDays, todayUtc } from '../src/core/dates.js';
import { median, type BenchContext } from './report.js';
import { triggerJob, waitForJob } from './job-client.js';
import { startServerProcess } from './server-process.js';

const MODELS = ['m1', 'm2', 'm3', 'm4', 'm5'];
const STRATEGIES = ['momentum', 'mean_reversion', 'buy_and_hold', 'random', 'momentum'];
/** Enough job slots that no trigger of the run is refused as busy. */
const MAX_JOBS = 100;

const QUANTILES = ['p50', 'p90', 'p99', 'max'] as const;
type Quantile = (typeof QUANTILES)[number];

type Case = 'stored' | 'downloading' | 'no_worker';
const CASES: Record<Case, string> = {
  stored: 'which the in-process worker claims, prepares and runs meanwhile (prices already stored)',
  downloading:
    'which the in-process worker claims, prepares and runs meanwhile (each preparation storing its new session of synthetic bars)',
  no_worker: 'against `serve --no-worker` (the jobs stay pending: nothing else on the event loop)',
};

export async function run({ quick, record }: BenchContext): Promise<void> {
  const triggers = quick ? 20 : 50;
  const repetitions = quick ? 1 : 3;
  const end = previousTradingDay(todayUtc(new Date()));
  const sessions = tradingDaysBetween(addDays(end, -Math.ceil(triggers * 1.6) - 14), end).slice(-triggers);
  if (sessions.length < triggers) throw new Error(`only ${sessions.length} sessions to trigger`);

  for (const [which, what] of Object.entries(CASES) as [Case, string][]) {
    const series: Record<Quantile, number[]> = { p50: [], p90: [], p99: [], max: [] };
    for (let rep = 0; rep < repetitions; rep++) {
      const times = await oneSeries(sessions, which);
      // Which triggers were slow says more than the quantiles: the first ones (a cold path) or any.
      const slowest = times
        .map((ms, i) => ({ ms, i }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 5)
        .map(({ ms, i }) => `#${i + 1} ${ms.toFixed(1)} ms`);
      console.log(`trigger: ${which}, run ${rep + 1}: slowest ${slowest.join(', ')}`);
      for (const quantile of QUANTILES) series[quantile].push(quantileOf(times, quantile));
    }
    const note =
      `${triggers} sequential POST /simulate/trigger, each planning one new session of ${MODELS.length} mock ` +
      `models, ${what}; SQLite, DEV mode, MAX_CONCURRENT_JOBS ${MAX_JOBS}, server in its own process, ` +
      `timed by the client; quantiles interpolated between ranks, median of ${repetitions} fresh servers`;
    const prefix = which === 'stored' ? 'trigger' : `trigger.${which}`;
    for (const quantile of QUANTILES)
      record(`${prefix}.${quantile}_ms`, median(series[quantile]), 'ms', note);
  }
}

/** Answer times in ms of one run of triggers against a freshly started server. */
async function oneSeries(sessions: readonly string[], which: Case): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-trigger-'));
  try {
    const config = join(dir, 'config.json');
    const models = [
      ...MODELS.map((m, i) => ({ signature: m, dev_strategy: STRATEGIES[i] })),
      { signature: 'seed' },
    ];
    writeFileSync(
      config,
      JSON.stringify({
        models: models.map((m) => ({ name: m.signature, basemodel: `mock-${m.signature}`, ...m })),
      }),
    );
    const server = await startServerProcess(
      {
        DEPLOYMENT_MODE: 'DEV',
        DATABASE_URL: join(dir, 'trigger.db'),
        CONFIG_PATH: config,
        MAX_SIMULATION_DAYS: '400',
        MAX_CONCURRENT_JOBS: String(MAX_JOBS),
      },
      which === 'no_worker' ? ['--no-worker'] : [],
    );
    try {
      if (which === 'stored') {
        const seed = await triggerJob(server.url, {
          start_date: sessions[0],
          end_date: sessions.at(-1),
          models: ['seed'],
        });
        const { status } = await waitForJob(server.url, seed.jobId);
        if (status !== 'completed') throw new Error(`the seed job ended ${status}`);
      }
      // The client's own first connection is not the server's cost: open it with reads first.
      for (let i = 0; i < 3; i++) await (await fetch(`${server.url}/health`)).arrayBuffer();
      const times: number[] = [];
      for (const date of sessions) {
        const { ms } = await triggerJob(server.url, { start_date: date, end_date: date, models: MODELS });
        times.push(ms);
      }
      return times;
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Linear interpolation between the closest ranks (numpy's default), so p99 of 50 is not simply the max. */
function quantileOf(values: readonly number[], quantile: Quantile): number {
  const sorted = [...values].sort((a, b) => a - b);
  const q = quantile === 'max' ? 1 : Number(quantile.slice(1)) / 100;
  const position = q * (sorted.length - 1);
  const below = sorted[Math.floor(position)] as number;
  const above = sorted[Math.ceil(position)] as number;
  return below + (above - below) * (position - Math.floor(position));
}
