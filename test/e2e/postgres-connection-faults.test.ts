/**
 * PostgreSQL going away under a real server process: its connections killed (as a failover or a
 * restart does) in the middle of a model-day's commit and under read load, and its database dropped.
 * The process must survive each one, and a lost connection may cost at most the in-flight model-day,
 * retried, never written twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, postgresUrlForTests, type TestDatabase } from '../helpers/postgres.js';
import { describeIfPostgres } from '../helpers/postgres-backend.js';
import { invariantViolationsAt, startHeldJob, untilLogged } from '../helpers/held-job.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import type { Json } from '../helpers/http-server.js';

const baseUrl = await postgresUrlForTests();
/** The test's own connections carry this name, so killing "the server's" connections spares them. */
const INJECTOR = 'fault-injector';
/** PostgreSQL's message for a backend ended by pg_terminate_backend (SQLSTATE 57P01). */
const TERMINATED = 'terminating connection due to administrator command';

async function injector(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: INJECTOR });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Kills every connection to `database` except the injector's; returns how many were killed. */
async function terminateServerConnections(client: pg.Client, database: string): Promise<number> {
  const { rows } = await client.query<{ killed: boolean }>(
    `select pg_terminate_backend(pid) as killed from pg_stat_activity
      where datname = $1 and application_name <> $2 and pid <> pg_backend_pid()`,
    [database, INJECTOR],
  );
  return rows.filter((r) => r.killed).length;
}

/** Waits until one of the server's statements waits on a lock the test holds. */
function untilWaitingOnLock(server: ServerProcess, admin: pg.Client, database: string, what: string) {
  return server.until(what, async () => {
    const { rows } = await admin.query(
      `select 1 from pg_stat_activity where datname = $1 and application_name <> $2 and wait_event_type = 'Lock'`,
      [database, INJECTOR],
    );
    return rows.length > 0 ? true : undefined;
  });
}

/**
 * Kills the server's connections while `locker` holds what they wait on, lets go of it, and checks
 * the job still completes all three of its days in a live process; answers its final status.
 */
async function killHeldAndFinish(
  server: ServerProcess,
  admin: pg.Client,
  database: string,
  locker: pg.Client,
  jobId: string,
): Promise<Json> {
  expect(await terminateServerConnections(admin, database)).toBeGreaterThan(0);
  await locker.query('rollback');
  await locker.end();
  const final = await server.waitForEnd(jobId);
  expect(server.alive()).toBe(true);
  expect(final.status).toBe('completed');
  expect(final.progress).toMatchObject({ total_model_days: 3, completed: 3, failed: 0 });
  return final;
}

describeIfPostgres(baseUrl)('PostgreSQL connection faults under a real server process', () => {
  let dir: string;
  let database: TestDatabase;
  let server: ServerProcess | undefined;
  let admin: pg.Client;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ai-trader-pgfault-'));
    database = await createTestDatabase(baseUrl ?? '');
    admin = await injector(baseUrl ?? '');
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
    await admin.end().catch(() => undefined);
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('survives its connections killed in the middle of a model-day commit, retries that day once and writes it once', async () => {
    const held = await startHeldJob({ dir, databaseUrl: database.url });
    server = held.server;
    const { jobId, release } = held;

    // Hold the day's job detail row, so the day's commit transaction waits on it mid-way.
    const locker = await injector(database.url);
    await locker.query('begin');
    await locker.query(
      `select 1 from job_details where job_id = $1 and date = '2025-10-02' and model = 'alpha' for update`,
      [jobId],
    );
    release.open();
    await untilWaitingOnLock(server, admin, database.name, 'the commit to wait on the held row');
    await killHeldAndFinish(server, admin, database.name, locker, jobId);
    const retries = server.logs().filter((l) => l.msg === 'model-day hit a database fault; retrying');
    expect(retries.map((l) => l.date)).toEqual(['2025-10-02']);
    expect(String(retries[0]?.err)).toContain(TERMINATED);
    expect(await invariantViolationsAt(database.url)).toEqual([]);

    // Written once: one live row per date, and nothing superseded by a second write of the same day.
    const check = await injector(database.url);
    try {
      const { rows } = await check.query<{ date: string; n: number }>(
        `select date, count(*)::int as n from trading_days where model = 'alpha' group by date order by date`,
      );
      expect(rows).toEqual([
        { date: '2025-10-01', n: 1 },
        { date: '2025-10-02', n: 1 },
        { date: '2025-10-03', n: 1 },
      ]);
    } finally {
      await check.end();
    }
  }, 120_000);

  it("loses no symbol and no job when its connections are killed during the job's preparation", async () => {
    server = await startServerProcess({ dir, databaseUrl: database.url });
    // The price tables held, so the preparation's first reads of them wait mid-statement, as its
    // writes would under load: the kill then lands on statements in flight, not on idle connections.
    const locker = await injector(database.url);
    await locker.query('begin');
    await locker.query('lock table price_bars, price_coverage in access exclusive mode');
    const trigger = await server.trigger({
      start_date: '2025-10-01',
      end_date: '2025-10-03',
      models: ['alpha'],
    });
    expect(trigger.status).toBe(200);
    const jobId = trigger.body.job_id as string;
    await untilWaitingOnLock(server, admin, database.name, 'the preparation to wait on the price tables');
    const final = await killHeldAndFinish(server, admin, database.name, locker, jobId);
    expect(final.warnings ?? []).toEqual([]);
    const retries = server.logs().filter((l) => l.msg === 'price data hit a database fault; retrying');
    expect(retries.length).toBeGreaterThan(0);
    expect(String(retries[0]?.err)).toContain(TERMINATED);
    expect(server.logs().filter((l) => String(l.msg).startsWith('price download failed'))).toEqual([]);
    expect(await invariantViolationsAt(database.url)).toEqual([]);
  }, 120_000);

  it('rides out a database that refuses connections for a while, as during a restart: the day in flight waits, retries and is written once', async () => {
    const held = await startHeldJob({ dir, databaseUrl: database.url });
    server = held.server;
    const { jobId, release } = held;

    // Down: every connection killed, and no new one accepted until the test says so.
    await admin.query(`alter database ${database.name} allow_connections false`);
    await terminateServerConnections(admin, database.name);
    release.open();
    await untilLogged(server, 'model-day hit a database fault; retrying');
    const down = await server.request('GET', '/health');
    expect(down.status).toBe(503);
    expect(String(down.body.detail)).toContain('is not currently accepting connections');

    // Up again.
    await admin.query(`alter database ${database.name} allow_connections true`);
    const final = await server.waitForEnd(jobId);
    expect(server.alive()).toBe(true);
    expect(final.status).toBe('completed');
    expect(final.progress).toMatchObject({ total_model_days: 3, completed: 3, failed: 0 });
    expect((await server.request('GET', '/health')).status).toBe(200);
    expect(await invariantViolationsAt(database.url)).toEqual([]);
    const check = await injector(database.url);
    try {
      const { rows } = await check.query(`select date from trading_days where model = 'alpha' order by date`);
      expect(rows.map((r: { date: string }) => r.date)).toEqual(['2025-10-01', '2025-10-02', '2025-10-03']);
    } finally {
      await check.end();
    }
  }, 120_000);

  it('survives its connections killed three times under read load: every read is answered (200, or 503 saying why) and the job completes', async () => {
    const held = await startHeldJob({
      dir,
      databaseUrl: database.url,
      heldDate: '2025-10-07',
      endDate: '2025-10-07',
    });
    server = held.server;
    const { jobId, release } = held;

    const paths = [
      '/health',
      '/simulate/jobs?limit=5',
      `/simulate/status/${jobId}`,
      '/results?start_date=2025-10-01&end_date=2025-10-06',
    ];
    const answers: number[] = [];
    const unavailable: string[] = [];
    let stop = false;
    const readers = Array.from({ length: 8 }, async (_, lane) => {
      for (let i = lane; !stop && server!.alive(); i++) {
        const path = paths[i % paths.length] as string;
        // A dropped connection (the server died under it) counts as status 0.
        const answer = await server!.request('GET', path).catch(() => ({ status: 0, body: {} as Json }));
        answers.push(answer.status);
        // /health says why in its own shape; every other route's 503 says the database is the cause.
        if (answer.status === 503 && path !== '/health') unavailable.push(String(answer.body.detail));
      }
    });
    for (let round = 0; round < 3; round++) {
      const before = answers.length;
      await server.until('reads to be answered between kills', async () =>
        answers.length >= before + 40 ? true : undefined,
      );
      expect(await terminateServerConnections(admin, database.name)).toBeGreaterThan(0);
    }
    const afterKills = answers.length;
    await server.until('reads after the last kill', async () =>
      answers.length >= afterKills + 40 ? true : undefined,
    );
    stop = true;
    await Promise.all(readers);

    expect(server.alive()).toBe(true);
    expect(answers.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    for (const detail of unavailable) expect(detail).toMatch(/^Database unavailable: /);
    const health = await server.until('the database to be healthy again', async () => {
      const answer = await server!.request('GET', '/health');
      return answer.status === 200 ? answer : undefined;
    });
    expect(health.body).toMatchObject({ status: 'healthy', database: 'connected' });
    expect(health.body.detail).toBeUndefined();

    release.open();
    const final = await server.waitForEnd(jobId);
    expect(final.status).toBe('completed');
    expect(final.progress).toMatchObject({ total_model_days: 5, completed: 5 });
    expect(await invariantViolationsAt(database.url)).toEqual([]);
  }, 120_000);

  it('survives its database dropped: answers 503 with the reason, and works again once the database is back and the server restarted', async () => {
    const held = await startHeldJob({ dir, databaseUrl: database.url });
    server = held.server;
    const { jobId, release } = held;

    await admin.query(`drop database ${database.name} with (force)`);
    release.open();
    const gone = `database "${database.name}" does not exist`;
    const health = await server.until('/health to say the database is gone', async () => {
      const answer = await server!.request('GET', '/health');
      return answer.status === 503 && String(answer.body.detail).includes(gone) ? answer : undefined;
    });
    expect(health.body).toMatchObject({ status: 'unhealthy', database: 'disconnected' });
    await untilLogged(server, 'could not record the job failure; retrying until the database accepts writes');

    for (const [method, path] of [
      ['POST', `/simulate/jobs/${jobId}/cancel`],
      ['GET', `/simulate/status/${jobId}`],
      ['GET', '/simulate/jobs'],
    ] as const) {
      const answer = await server.request(method, path);
      expect({ path, status: answer.status }).toEqual({ path, status: 503 });
      expect(String(answer.body.detail)).toBe(`Database unavailable: ${gone}`);
    }
    const retrigger = await server.trigger({
      start_date: '2025-10-01',
      end_date: '2025-10-03',
      models: ['alpha'],
    });
    expect(retrigger.status).toBe(503);
    expect(server.alive()).toBe(true);

    // Re-created empty, it has none of our tables: still unhealthy, and says so.
    await admin.query(`create database ${database.name}`);
    const empty = await server.until('/health to see the empty database', async () => {
      const answer = await server!.request('GET', '/health');
      return String(answer.body.detail).includes('does not exist') &&
        !String(answer.body.detail).includes(gone)
        ? answer
        : undefined;
    });
    expect(empty.status).toBe(503);
    expect(String(empty.body.detail)).toContain('relation "change_counters" does not exist');

    await server.stop();
    await server.restart();
    expect((await server.request('GET', '/health')).status).toBe(200);
    const again = await server.trigger({
      start_date: '2025-10-01',
      end_date: '2025-10-03',
      models: ['alpha'],
    });
    expect(again.status).toBe(200);
    const final = await server.waitForEnd(again.body.job_id as string);
    expect(final.status).toBe('completed');
  }, 120_000);
});
