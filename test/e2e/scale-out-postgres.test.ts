/**
 * Scaling out on PostgreSQL with real processes, each test on a database of its own: three workers
 * and an API-only process share one job and get what a single process gets; a worker killed with
 * SIGKILL, or frozen (SIGSTOP) past its lease, loses its work to the others, and no model-day is
 * ever committed twice.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ownerOf } from '../../src/jobs/leases.js';
import type { FakeHandler } from '../fakes/fake-openai.js';
import { alternatingTrader, daysRunTwice, readCommitted } from '../helpers/committed-days.js';
import type { Json } from '../helpers/http-server.js';
import { createTestDatabase, postgresUrlForTests, type TestDatabase } from '../helpers/postgres.js';
import { describeIfPostgres } from '../helpers/postgres-backend.js';
import { startCluster, type Cluster, type Member } from '../helpers/process-cluster.js';
import { gate, heldOn } from '../helpers/server-process.js';
import { until } from '../helpers/until.js';

const baseUrl = await postgresUrlForTests();
const MODELS = ['m1', 'm2', 'm3', 'm4'];
/** Ten sessions. */
const RANGE = { start_date: '2025-10-01', end_date: '2025-10-14' };
const TOTAL = MODELS.length * 10;

function traders(delayMs: number): Record<string, FakeHandler> {
  return {
    m1: alternatingTrader('AAPL', 3, delayMs),
    m2: alternatingTrader('MSFT', 2, delayMs),
    m3: alternatingTrader('NVDA', 1, delayMs),
    m4: alternatingTrader('AAPL', 1, delayMs),
  };
}

async function request(member: Member, method: string, path: string, body?: unknown): Promise<Json> {
  const response = await fetch(`${member.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as Json;
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function runJob(api: Member, timeoutMs = 90_000): Promise<Json> {
  const { job_id: jobId } = await request(api, 'POST', '/simulate/trigger', RANGE);
  return waitForEnd(api, jobId as string, timeoutMs);
}

function waitForEnd(api: Member, jobId: string, timeoutMs = 90_000): Promise<Json> {
  return until(
    `job ${jobId} to end`,
    async () => {
      const status = await request(api, 'GET', `/simulate/status/${jobId}`);
      return ['completed', 'partial', 'failed'].includes(status.status as string) ? status : undefined;
    },
    timeoutMs,
    100,
  );
}

/** The model-days running now, with the worker process that holds each. */
async function runningDays(
  url: string,
  cluster: Cluster,
): Promise<{ model: string; date: string; lease: string; member: Member | undefined }[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ model: string; date: string; lease_owner: string }>(
      `select model, date, lease_owner from job_details where status = 'running' order by date, model`,
    );
    return rows.map((r) => {
      const pid = ownerOf(r.lease_owner)?.pid;
      return {
        model: r.model,
        date: r.date,
        lease: r.lease_owner,
        member: cluster.members.find((m) => m.child.pid === pid),
      };
    });
  } finally {
    await client.end();
  }
}

describeIfPostgres(baseUrl)('many processes on one PostgreSQL database', () => {
  let dir: string;
  const databases: TestDatabase[] = [];
  const clusters: Cluster[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ai-trader-scale-'));
  });
  afterEach(async () => {
    for (const cluster of clusters.splice(0)) await cluster.close();
    for (const database of databases.splice(0)) await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function database(): Promise<TestDatabase> {
    const created = await createTestDatabase(baseUrl ?? '');
    databases.push(created);
    return created;
  }

  async function cluster(
    name: string,
    options: Omit<Parameters<typeof startCluster>[0], 'dir' | 'databaseUrl' | 'models'>,
  ): Promise<{ cluster: Cluster; url: string }> {
    const { url } = await database();
    const own = join(dir, name);
    mkdirSync(own);
    const started = await startCluster({ dir: own, databaseUrl: url, models: MODELS, ...options });
    clusters.push(started);
    return { cluster: started, url };
  }

  it('runs one job across three workers beside an API-only process, with the results of a single process', async () => {
    const shared = await cluster('shared', { scripts: traders(40), maxConcurrentModels: 1 });
    const [api] = await Promise.all([
      shared.cluster.start('api'),
      shared.cluster.start('worker'),
      shared.cluster.start('worker'),
      shared.cluster.start('worker'),
    ]);
    const final = await runJob(api!);
    expect(final.status).toBe('completed');
    expect(final.progress).toMatchObject({ total_model_days: TOTAL, completed: TOTAL, failed: 0 });

    // The work was spread: the API process ran none of it, more than one worker ran some.
    const committed = shared.cluster.committedBy();
    expect(committed.get(api!)).toBe(0);
    const workers = [...committed].filter(([m, n]) => m.role === 'worker' && n > 0);
    expect(workers.length).toBeGreaterThanOrEqual(2);
    expect([...committed.values()].reduce((a, b) => a + b, 0)).toBe(TOTAL);

    const many = await readCommitted(shared.url);
    expect(many.violations).toEqual([]);
    expect([...many.writes.values()]).toEqual(Array(TOTAL).fill(1));
    for (const [model, dates] of many.commitOrder) expect(dates, model).toEqual([...dates].sort());
    expect(daysRunTwice(shared.cluster.llm.requests())).toEqual([]);
    const board = await request(
      api!,
      'GET',
      `/results/leaderboard?start_date=${RANGE.start_date}&end_date=${RANGE.end_date}`,
    );
    expect(board.entries.map((e: Json) => e.model).sort()).toEqual(MODELS);

    // The same job in one process.
    const single = await cluster('single', { scripts: traders(0), maxConcurrentModels: 1 });
    const alone = await single.cluster.start('serve');
    expect((await runJob(alone)).status).toBe('completed');
    const one = await readCommitted(single.url);
    expect(one.days).toHaveLength(TOTAL);
    expect(many.days).toEqual(one.days);
    const boardAlone = await request(
      alone,
      'GET',
      `/results/leaderboard?start_date=${RANGE.start_date}&end_date=${RANGE.end_date}`,
    );
    expect(board.entries).toEqual(boardAlone.entries);
  }, 180_000);

  it('finishes the job of a worker killed with SIGKILL mid-job, each model-day committed once', async () => {
    // Mid-job: m2's 2025-10-07 (its fifth day) waits in the LLM until the worker running it is killed.
    const release = gate();
    const held = heldOn('2025-10-07', release, gate(), alternatingTrader('MSFT', 2, 30));
    const shared = await cluster('killed', {
      scripts: { ...traders(30), m2: held.handler },
      maxConcurrentModels: 1,
    });
    const [api] = await Promise.all([
      shared.cluster.start('api'),
      shared.cluster.start('worker'),
      shared.cluster.start('worker'),
      shared.cluster.start('worker'),
    ]);
    const { job_id: jobId } = await request(api!, 'POST', '/simulate/trigger', RANGE);
    await held.arrived.promise;
    const victim = (await runningDays(shared.url, shared.cluster)).find(
      (d) => d.model === 'm2' && d.date === '2025-10-07',
    );
    expect(victim?.member?.role).toBe('worker');
    await victim!.member!.kill('SIGKILL');
    release.open();

    const final = await waitForEnd(api!, jobId as string);
    expect(final.status).toBe('completed');
    expect(final.progress).toMatchObject({ total_model_days: TOTAL, completed: TOTAL, failed: 0 });
    expect(
      (final.warnings as string[]).some((w) => w.startsWith('Job interrupted by a server restart')),
    ).toBe(true);
    const survivors = shared.cluster.members.filter((m) => m !== victim!.member);
    expect(
      survivors.some((m) =>
        m.logs().some((l) => l.msg === 'taking over the work of stopped workers of this machine'),
      ),
    ).toBe(true);

    const committed = await readCommitted(shared.url);
    expect(committed.violations).toEqual([]);
    expect([...committed.writes.values()]).toEqual(Array(TOTAL).fill(1));
    for (const [model, dates] of committed.commitOrder) expect(dates, model).toEqual([...dates].sort());
  }, 180_000);

  it('cancels from the API-only process a job the workers run: running days finish, the rest are skipped', async () => {
    const shared = await cluster('cancelled', { scripts: traders(60), maxConcurrentModels: 1 });
    const [api] = await Promise.all([
      shared.cluster.start('api'),
      shared.cluster.start('worker'),
      shared.cluster.start('worker'),
    ]);
    const { job_id: jobId } = await request(api!, 'POST', '/simulate/trigger', RANGE);
    await until(
      'a few days to be committed',
      async () => {
        const status = await request(api!, 'GET', `/simulate/status/${jobId}`);
        return status.progress.completed >= 4 ? status : undefined;
      },
      60_000,
      20,
    );
    await request(api!, 'POST', `/simulate/jobs/${jobId}/cancel`);
    const final = await waitForEnd(api!, jobId as string);
    expect(final).toMatchObject({ status: 'partial', error: 'Cancelled by user' });
    const details = final.details as { status: string; error: string | null }[];
    expect(details.filter((d) => d.status === 'skipped').length).toBeGreaterThan(0);
    expect(details.every((d) => ['completed', 'skipped'].includes(d.status))).toBe(true);
    for (const d of details.filter((d) => d.status === 'skipped')) expect(d.error).toBe('Cancelled');
    const committed = await readCommitted(shared.url);
    expect(committed.violations).toEqual([]);
    expect(committed.days).toHaveLength(details.filter((d) => d.status === 'completed').length);
    expect([...committed.writes.values()].every((n) => n === 1)).toBe(true);
  }, 180_000);

  it('takes a model-day from a worker frozen past its lease, and the frozen one never commits it', async () => {
    const release = gate();
    const held = heldOn('2025-10-03', release, gate(), alternatingTrader('AAPL', 3, 20));
    const shared = await cluster('frozen', {
      scripts: { ...traders(20), m1: held.handler },
      maxConcurrentModels: 1,
      env: { WORKER_LEASE_SECONDS: '2' },
    });
    const [api] = await Promise.all([
      shared.cluster.start('api'),
      shared.cluster.start('worker'),
      shared.cluster.start('worker'),
    ]);
    const { job_id: jobId } = await request(api!, 'POST', '/simulate/trigger', RANGE);
    await held.arrived.promise;
    const holder = (await runningDays(shared.url, shared.cluster)).find(
      (d) => d.model === 'm1' && d.date === '2025-10-03',
    );
    expect(holder?.member?.role).toBe('worker');
    const frozen = holder!.member!;
    await frozen.kill('SIGSTOP');
    release.open();

    // Its lease expires; another worker runs the day and commits it.
    const client = new pg.Client({ connectionString: shared.url });
    await client.connect();
    try {
      const taken = await until(
        "another worker to commit the frozen worker's day",
        async () => {
          const { rows } = await client.query<{ status: string; lease_owner: string }>(
            `select status, lease_owner from job_details where model = 'm1' and date = '2025-10-03'`,
          );
          return rows[0]?.status === 'completed' ? rows[0] : undefined;
        },
        60_000,
      );
      expect(taken.lease_owner.startsWith(`${frozen.workerId}/`)).toBe(false);
    } finally {
      await client.end();
    }

    await frozen.kill('SIGCONT');
    await until('the thawed worker to learn its lease is gone', async () =>
      frozen
        .logs()
        .some(
          (l) =>
            l.msg === 'lease lost: another worker took this work over; stopping it' ||
            l.msg === 'model-day not committed: its lease was lost',
        )
        ? true
        : undefined,
    );
    const final = await waitForEnd(api!, jobId as string);
    expect(final.status).toBe('completed');
    expect(final.progress).toMatchObject({ total_model_days: TOTAL, completed: TOTAL });
    const committed = await readCommitted(shared.url);
    expect(committed.violations).toEqual([]);
    expect([...committed.writes.values()]).toEqual(Array(TOTAL).fill(1));
    for (const [model, dates] of committed.commitOrder) expect(dates, model).toEqual([...dates].sort());
  }, 180_000);
});
