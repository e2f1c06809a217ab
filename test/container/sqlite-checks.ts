/**
 * The one-container run on SQLite, as README's one-liner starts it (here on the host's network,
 * listening on 127.0.0.1 only): it answers /health and Docker calls it healthy, serves the
 * dashboard, runs as a non-root user, completes a DEV job, keeps its results in the /data volume
 * across `docker restart` and into a new container, and `docker stop` ends it in seconds.
 */
import { previousTradingDay, tradingDaysBetween } from '../../src/core/calendar.js';
import { addDays, todayUtc } from '../../src/core/dates.js';
import { freePort } from '../helpers/server-process.js';
import { until } from '../helpers/until.js';
import type { CheckGroup } from './check-runner.js';
import type { ContainerTestContext } from './context.js';
import { containerLogs, containerState, docker } from './docker-cli.js';
import { expectCompleted, getJson, healthy, jobEnd, postJson, type Json } from './http.js';

/** README says `docker stop` takes seconds; Docker's own grace before SIGKILL is 10 s. */
export const STOP_LIMIT_S = 10;
const SESSIONS = 5;
const MODELS = 4; // configs/default_config.json, played by DEV mode's mock strategies

export function sqliteChecks(ctx: ContainerTestContext): CheckGroup {
  const container = `aitct-${ctx.runId}-sqlite`;
  const volume = `aitct-${ctx.runId}-data`;
  let url = '';
  let port = 0;
  let jobId = '';
  let board: unknown;
  const end = previousTradingDay(todayUtc(new Date()));
  const sessions = tradingDaysBetween(addDays(end, -21), end).slice(-SESSIONS);
  const range = { start_date: sessions[0] ?? end, end_date: end };
  const leaderboard = async (): Promise<unknown> =>
    (await getJson(`${url}/results/leaderboard?start_date=${range.start_date}&end_date=${range.end_date}`))
      .entries;

  const start = async (): Promise<void> => {
    await docker([
      'run',
      '--detach',
      '--name',
      container,
      '--label',
      ctx.label,
      '--network',
      'host',
      '--health-interval',
      '2s',
      '--env',
      'HOST=127.0.0.1',
      '--env',
      `PORT=${port}`,
      '--env',
      'DEPLOYMENT_MODE=DEV',
      '--env',
      'PRESERVE_DEV_DATA=true',
      '--volume',
      `${volume}:/data`,
      ctx.image,
    ]);
  };
  const sameResults = async (): Promise<void> => {
    const status = await getJson(`${url}/simulate/status/${jobId}`);
    if (status.status !== 'completed') throw new Error(`job ${jobId} is ${status.status} after the restart`);
    const now = await leaderboard();
    if (JSON.stringify(now) !== JSON.stringify(board))
      throw new Error(
        `the leaderboard changed:\nbefore ${JSON.stringify(board)}\nafter  ${JSON.stringify(now)}`,
      );
  };

  return {
    name: 'SQLite, one container',
    needs: ['image'],
    checks: [
      {
        name: 'starts, answers /health, and Docker reports it healthy',
        async run() {
          port = await freePort();
          url = `http://127.0.0.1:${port}`;
          await docker(['volume', 'create', '--label', ctx.label, volume]);
          ctx.onCleanup(async () => {
            await docker(['rm', '--force', '--volumes', container], { allowFailure: true });
            await docker(['volume', 'rm', '--force', volume], { allowFailure: true });
          });
          await start();
          const health = await healthy(url);
          const state = await until(
            'Docker to report the container healthy',
            async () => {
              const s = await containerState(container);
              if (!s.running) throw new Error(`the container stopped:${await containerLogs(container)}`);
              return s.health === 'healthy' ? s : undefined;
            },
            60_000,
            500,
          ).catch(async (error: unknown) => {
            throw new Error(`${String(error)}\n${(await containerLogs(container)).slice(-2000)}`);
          });
          return `${url}/health: ${health.status}, ${health.deployment_mode}; docker: ${state.health}`;
        },
      },
      {
        name: 'serves the dashboard at / and its assets',
        async run() {
          const page = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
          const html = await page.text();
          const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
          if (page.status !== 200 || asset === undefined)
            throw new Error(
              `GET / (text/html): ${page.status}, no script under /assets/: ${html.slice(0, 300)}`,
            );
          const script = await fetch(`${url}${asset}`);
          await script.arrayBuffer();
          if (script.status !== 200) throw new Error(`GET ${asset}: ${script.status}`);
          return `${asset}: ${script.headers.get('content-length') ?? '?'} bytes`;
        },
      },
      {
        name: 'its processes are not root, and the files it writes in /data are not either',
        async run() {
          const top = await docker(['top', container, '-eo', 'uid,pid,args']);
          const rows = top
            .split('\n')
            .slice(1)
            .map((line) => line.trim().split(/\s+/));
          if (rows.length === 0 || rows.some(([uid]) => uid === '0')) throw new Error(`docker top:\n${top}`);
          const owner = await docker(['exec', container, 'stat', '-c', '%u', '/data/ai-trader-dev.db']);
          if (owner === '0') throw new Error('/data/ai-trader-dev.db belongs to root');
          return `${rows.length} processes, uid ${[...new Set(rows.map(([uid]) => uid))].join(', ')}; database file uid ${owner}`;
        },
      },
      {
        name: `completes a DEV job (${MODELS} mock models x ${SESSIONS} sessions, synthetic prices)`,
        async run() {
          const created = await postJson(`${url}/simulate/trigger`, range);
          jobId = created.job_id as string;
          const status = await jobEnd(url, jobId);
          expectCompleted(status, MODELS * SESSIONS);
          board = await leaderboard();
          if (!Array.isArray(board) || board.length !== MODELS)
            throw new Error(`leaderboard: ${JSON.stringify(board)}`);
          return `job ${jobId}: ${(status.progress as Json).completed} model-days in ${status.total_duration_seconds} s`;
        },
      },
      {
        name: 'keeps its results across docker restart',
        async run() {
          await docker(['restart', '--time', '30', container], { timeoutMs: 60_000 });
          await healthy(url);
          await sameResults();
        },
      },
      {
        name: `stops on docker stop within ${STOP_LIMIT_S} s (SIGTERM handled, exit 0)`,
        async run() {
          const started = performance.now();
          await docker(['stop', '--time', '30', container], { timeoutMs: 60_000 });
          const seconds = (performance.now() - started) / 1000;
          const state = await containerState(container);
          const logs = await containerLogs(container);
          if (seconds >= STOP_LIMIT_S) throw new Error(`docker stop took ${seconds.toFixed(1)} s`);
          if (state.exitCode !== 0 || !logs.includes('server stopped'))
            throw new Error(`exit code ${state.exitCode}; last logs:\n${logs.slice(-1500)}`);
          return `${seconds.toFixed(2)} s, exit 0`;
        },
      },
      {
        name: 'a new container on the same /data volume has the results',
        async run() {
          await docker(['rm', container]);
          await start();
          await healthy(url);
          await sameResults();
          await docker(['stop', '--time', '30', container], { timeoutMs: 60_000 });
          await docker(['rm', container]);
        },
      },
    ],
  };
}
