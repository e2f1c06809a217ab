/**
 * The arena at scale, as docker-compose.yml runs it: PostgreSQL, one API process (`serve
 * --no-worker`) and two workers (`--scale worker=2`), all on the host's network, from a copy of the
 * compose file and an `.env` made from `.env.example`. The models are the fake LLM of the tests and
 * prices come from the fake Alpha Vantage, both on 127.0.0.1 in this process, so a model-day can be
 * held while a worker is killed or stopped. Checks: the stack starts; a job completes, spread over
 * both workers; a worker killed with `docker kill` costs only the model-days it was running (each
 * day committed once, none lost); a worker stopped with `docker stop` exits within seconds and hands
 * its day back at once.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { ownerOf } from '../../src/jobs/leases.js';
import {
  fakeAlphaVantageEnv,
  startFakeAlphaVantage,
  type FakeAlphaVantage,
} from '../fakes/fake-alphavantage.js';
import { startFakeOpenAi, type FakeHandler, type FakeOpenAi } from '../fakes/fake-openai.js';
import { alternatingTrader, daysRunTwice, readCommitted } from '../helpers/committed-days.js';
import { AV_KEY, basemodelOf, testConfig } from '../helpers/http-server.js';
import { freePort, gate, heldOn, type Gate } from '../helpers/server-process.js';
import { until } from '../helpers/until.js';
import type { CheckGroup } from './check-runner.js';
import type { ContainerTestContext } from './context.js';
import {
  ComposeProject,
  containerLogLines,
  containerLogs,
  containerState,
  docker,
  run,
  tail,
} from './docker-cli.js';
import { expectCompleted, healthy, jobEnd, postJson } from './http.js';
import { STOP_LIMIT_S } from './sqlite-checks.js';

const MODELS = ['m1', 'm2', 'm3', 'm4'];
const WORKERS = 2;
/** Each fake LLM answer takes this long: a model-day (three calls) lasts long enough to be caught. */
const LLM_DELAY_MS = 40;
/** Short leases, so that a killed worker's day is taken over in seconds (README: WORKER_LEASE_SECONDS). */
const LEASE_SECONDS = 6;
/** Ten sessions each, then two: the fixtures' prices end on 2025-10-30. */
const JOB_SPREAD = { start_date: '2025-10-01', end_date: '2025-10-14', days: 40 };
const JOB_KILL = { start_date: '2025-10-15', end_date: '2025-10-28', days: 40, held: ['m2', '2025-10-21'] };
const JOB_STOP = { start_date: '2025-10-29', end_date: '2025-10-30', days: 8, held: ['m1', '2025-10-30'] };

interface DayRow {
  model: string;
  date: string;
  status: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
}

export function composeChecks(ctx: ContainerTestContext): CheckGroup {
  const dir = join(ctx.tmp, 'compose');
  const project = new ComposeProject(ctx.compose, `aitct${ctx.runId}`, dir);
  let llm: FakeOpenAi | undefined;
  let av: FakeAlphaVantage | undefined;
  let api = '';
  let databaseUrl = '';
  const agents = new Map<string, FakeHandler>();
  const trader = (model: string): FakeHandler =>
    alternatingTrader(['AAPL', 'MSFT', 'NVDA'][MODELS.indexOf(model) % 3] ?? 'AAPL', 2, LLM_DELAY_MS);
  const resetAgents = (): void => {
    for (const model of MODELS) agents.set(model, trader(model));
    llm?.reset();
  };
  /** The model's first call of `date` waits for `release`; `arrived` opens when it does. */
  const hold = ([model, date]: string[], release: Gate): Gate => {
    const arrived = gate();
    agents.set(model!, heldOn(date!, release, arrived, trader(model!)).handler);
    return arrived;
  };

  const days = async (jobId: string): Promise<DayRow[]> => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<DayRow>(
        'select model, date, status, lease_owner, lease_expires_at from job_details where job_id = $1',
        [jobId],
      );
      return rows;
    } finally {
      await client.end();
    }
  };
  /** Each worker container with the id its (latest) process announced. */
  const workers = async (): Promise<{ container: string; worker: string | undefined }[]> =>
    Promise.all(
      (await project.containers('worker')).map(async (container) => {
        const ids = [...(await containerLogs(container)).matchAll(/ worker (w-\S+) running on/g)];
        return { container, worker: ids.at(-1)?.[1] };
      }),
    );
  const holderOf = async (
    jobId: string,
    [model, date]: string[],
  ): Promise<{ container: string; worker: string }> => {
    const row = (await days(jobId)).find((d) => d.model === model && d.date === date);
    const worker = row?.lease_owner ? ownerOf(row.lease_owner)?.worker : undefined;
    const holder = (await workers()).find((w) => w.worker !== undefined && w.worker === worker);
    if (!holder || !worker)
      throw new Error(`no worker container holds ${model} ${date}: ${JSON.stringify(row)}`);
    return { container: holder.container, worker };
  };
  const restart = async (container: string): Promise<void> => {
    await docker(['start', container], { allowFailure: true });
    await until(`worker ${container.slice(0, 12)} to run again`, async () =>
      (await containerState(container)).running ? true : undefined,
    );
  };
  const committedOnce = async (): Promise<number> => {
    const committed = await readCommitted(databaseUrl);
    const twice = [...committed.writes].filter(([, n]) => n !== 1).map(([key]) => key);
    if (committed.violations.length > 0 || twice.length > 0)
      throw new Error(
        `invariants: ${committed.violations.join('; ')}; written more than once: ${twice.join(', ')}`,
      );
    return committed.days.length;
  };
  const trigger = async (range: { start_date: string; end_date: string }): Promise<string> =>
    (await postJson(`${api}/simulate/trigger`, { start_date: range.start_date, end_date: range.end_date }))
      .job_id as string;

  const checks: CheckGroup['checks'] = [];
  if (ctx.buildPostgres)
    checks.push({
      name: `builds the PostgreSQL stand-in ${ctx.postgresImage} (Debian's postgresql on the base)`,
      async run() {
        const build = await run(
          [
            'docker',
            'build',
            '--network',
            'host',
            '--build-arg',
            `BASE_IMAGE=${ctx.baseImage}`,
            '--tag',
            ctx.postgresImage,
            join(ctx.root, 'test', 'container', 'postgres'),
          ],
          { timeoutMs: 15 * 60_000, logFile: join(ctx.tmp, 'postgres-build.log'), allowFailure: true },
        );
        if (build.code !== 0) throw new Error(`docker build exit ${build.code}${tail(build, 30)}`);
      },
    });

  checks.push(
    {
      name: `starts: PostgreSQL, the API (serve --no-worker), ${WORKERS} workers (--scale worker=${WORKERS}, host network)`,
      async run() {
        llm = await startFakeOpenAi();
        av = await startFakeAlphaVantage({ key: AV_KEY });
        resetAgents();
        for (const model of MODELS)
          llm.script(basemodelOf(model), (body, index, request) => agents.get(model)!(body, index, request));
        ctx.onCleanup(async () => {
          await Promise.all([llm?.close(), av?.close()]);
        });

        mkdirSync(join(dir, 'configs'), { recursive: true });
        copyFileSync(join(ctx.root, 'docker-compose.yml'), join(dir, 'docker-compose.yml'));
        const config = testConfig({ models: MODELS.map((signature) => ({ signature })) }, llm.baseURL);
        config.agent_config.max_concurrent_models = 2;
        writeFileSync(join(dir, 'configs', 'default_config.json'), JSON.stringify(config, null, 2));
        const [port, postgresPort] = [await freePort(), await freePort()];
        const password = randomBytes(16).toString('hex');
        writeFileSync(
          join(dir, '.env'),
          dotenv(readFileSync(join(ctx.root, '.env.example'), 'utf8'), {
            POSTGRES_PASSWORD: password,
            POSTGRES_PORT: String(postgresPort),
            HOST: '127.0.0.1',
            PORT: String(port),
            WORKER_LEASE_SECONDS: String(LEASE_SECONDS),
            AI_TRADER_IMAGE: ctx.image,
            POSTGRES_IMAGE: ctx.postgresImage,
            ...fakeAlphaVantageEnv(av, AV_KEY),
          }),
        );
        api = `http://127.0.0.1:${port}`;
        databaseUrl = `postgres://trader:${password}@127.0.0.1:${postgresPort}/arena`;
        ctx.onCleanup(async () => {
          await project.run(['down', '--volumes', '--remove-orphans', '--timeout', '10'], {
            timeoutMs: 180_000,
            allowFailure: true,
          });
        });

        await project.run(['up', '--detach', '--no-build', '--scale', `worker=${WORKERS}`], {
          timeoutMs: 300_000,
        });
        await healthy(api, 120_000).catch(async (error: unknown) => {
          const logs = await project.run(['logs', '--tail', '20'], { allowFailure: true });
          throw new Error(`${String(error)}${tail(logs, 40)}`);
        });
        const started = await until(
          `${WORKERS} workers to start`,
          async () => {
            const all = await workers();
            return all.length === WORKERS && all.every((w) => w.worker) ? all : undefined;
          },
          60_000,
          500,
        );
        const [apiContainer] = await project.containers('api');
        if (!(await containerLogs(apiContainer!)).includes('API only: no job worker'))
          throw new Error('the api service does not say it runs the API only');
        return `API on ${api}, PostgreSQL on 127.0.0.1:${postgresPort}, workers ${started.map((w) => w.worker?.slice(0, 16)).join(', ')}`;
      },
    },
    {
      name: `completes a job spread over both workers (${MODELS.length} models x 10 sessions, fake LLM)`,
      async run() {
        const jobId = await trigger(JOB_SPREAD);
        expectCompleted(await jobEnd(api, jobId), JOB_SPREAD.days);
        const counts = await Promise.all(
          [...(await project.containers('api')), ...(await project.containers('worker'))].map(
            async (c) => (await containerLogLines(c)).filter((l) => l.msg === 'model-day completed').length,
          ),
        );
        const [apiDays, ...workerDays] = counts;
        if (apiDays !== 0) throw new Error(`the API process ran ${apiDays} model-days`);
        if (workerDays.filter((n) => n > 0).length < WORKERS)
          throw new Error(`model-days per worker: ${workerDays.join(', ')}`);
        if ((await committedOnce()) !== JOB_SPREAD.days) throw new Error('not every day was committed');
        return `model-days per worker: ${workerDays.join(' + ')}`;
      },
    },
    {
      name: 'a worker killed with docker kill costs only the model-days it was running',
      async run() {
        resetAgents();
        const release = gate();
        const arrived = hold(JOB_KILL.held, release);
        const jobId = await trigger(JOB_KILL);
        try {
          await withTimeout(arrived.promise, 60_000, `${JOB_KILL.held.join(' ')} to reach the LLM`);
          const victim = await holderOf(jobId, JOB_KILL.held);
          await docker(['kill', victim.container]);
          const inFlight = (await days(jobId))
            .filter((d) => d.status === 'running' && d.lease_owner?.startsWith(`${victim.worker}/`))
            .map((d) => `${basemodelOf(d.model)}|${d.date}`);
          await restart(victim.container);
          release.open();
          const status = await jobEnd(api, jobId);
          expectCompleted(status, JOB_KILL.days);
          const warnings = (status.warnings as string[] | null) ?? [];
          if (!warnings.some((w) => w.startsWith('Job interrupted by a server restart')))
            throw new Error(`no resumption warning: ${JSON.stringify(warnings)}`);
          const rerun = daysRunTwice(llm!.requests());
          const lost = rerun.filter((day) => !inFlight.includes(day));
          if (lost.length > 0 || !rerun.includes(`${basemodelOf(JOB_KILL.held[0]!)}|${JOB_KILL.held[1]}`))
            throw new Error(`run again: ${rerun.join(', ')}; in flight at the kill: ${inFlight.join(', ')}`);
          await committedOnce();
          return `in flight at the kill: ${inFlight.join(', ')}; run again: ${rerun.join(', ')}`;
        } finally {
          release.open();
        }
      },
    },
    {
      name: `a worker stopped with docker stop exits within ${STOP_LIMIT_S} s and hands its day back`,
      async run() {
        resetAgents();
        const release = gate();
        const arrived = hold(JOB_STOP.held, release);
        const jobId = await trigger(JOB_STOP);
        try {
          await withTimeout(arrived.promise, 60_000, `${JOB_STOP.held.join(' ')} to reach the LLM`);
          const holder = await holderOf(jobId, JOB_STOP.held);
          const started = performance.now();
          await docker(['stop', '--time', '30', holder.container], { timeoutMs: 60_000 });
          const seconds = (performance.now() - started) / 1000;
          const row = (await days(jobId)).find(
            (d) => d.model === JOB_STOP.held[0] && d.date === JOB_STOP.held[1],
          );
          const state = await containerState(holder.container);
          const logs = await containerLogLines(holder.container);
          if (seconds >= STOP_LIMIT_S) throw new Error(`docker stop took ${seconds.toFixed(1)} s`);
          if (state.exitCode !== 0 || !logs.some((l) => l.msg === 'worker stopped'))
            throw new Error(`exit code ${state.exitCode}; logs: ${JSON.stringify(logs.slice(-5))}`);
          const stillHeld =
            row?.lease_owner?.startsWith(`${holder.worker}/`) &&
            row.status === 'running' &&
            Date.parse(row.lease_expires_at ?? '') > Date.now();
          if (!row || stillHeld) throw new Error(`the day is still held: ${JSON.stringify(row)}`);
          release.open();
          await restart(holder.container);
          expectCompleted(await jobEnd(api, jobId), JOB_STOP.days);
          await committedOnce();
          return `${seconds.toFixed(2)} s, exit 0; the day then: ${row.status}${row.lease_owner?.startsWith(`${holder.worker}/`) ? ', its lease expired' : ''}`;
        } finally {
          release.open();
        }
      },
    },
  );

  return { name: 'PostgreSQL, compose', needs: ['image'], checks };
}

/** `.env.example` with these values set: its own lines kept in place, the others added at the end. */
export function dotenv(example: string, values: Record<string, string>): string {
  const left = new Map(Object.entries(values));
  const lines = example.split('\n').map((line) => {
    const key = /^([A-Z0-9_]+)=/.exec(line)?.[1];
    if (key === undefined || !left.has(key)) return line;
    const value = left.get(key)!;
    left.delete(key);
    return `${key}=${value}`;
  });
  return `${lines.join('\n').trimEnd()}\n${[...left].map(([k, v]) => `${k}=${v}`).join('\n')}\n`;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
