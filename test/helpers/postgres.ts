import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import pg from 'pg';

/** Tried in order unless TEST_POSTGRES_URL names one; the local server trusts both users. */
const CANDIDATE_URLS = ['postgres://postgres@127.0.0.1:5432/test', 'postgres://root@127.0.0.1:5432/test'];

// Names the variable rather than echoing its value, which may hold a password.
export const POSTGRES_UNAVAILABLE_REASON = process.env.TEST_POSTGRES_URL
  ? 'PostgreSQL unreachable at TEST_POSTGRES_URL; skipping'
  : 'PostgreSQL unreachable at 127.0.0.1:5432 (database "test"; set TEST_POSTGRES_URL to override); skipping';

let cached: Promise<string | null> | undefined;

/** A URL of a reachable PostgreSQL for tests, starting the local cluster once if needed; null if none. */
export function postgresUrlForTests(): Promise<string | null> {
  cached ??= findPostgres();
  return cached;
}

async function findPostgres(): Promise<string | null> {
  const candidates = process.env.TEST_POSTGRES_URL ? [process.env.TEST_POSTGRES_URL] : CANDIDATE_URLS;
  const first = await firstReachable(candidates);
  if (first !== null) return first;
  startLocalCluster();
  for (let attempt = 0; attempt < 10; attempt++) {
    const url = await firstReachable(candidates);
    if (url !== null) return url;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return null;
}

async function firstReachable(urls: readonly string[]): Promise<string | null> {
  for (const url of urls) {
    if (await canConnect(url)) return url;
  }
  return null;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Best effort: the cluster may be absent, already starting, or need privileges we lack. */
function startLocalCluster(): void {
  try {
    for (const version of readdirSync('/etc/postgresql')) {
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], {
        stdio: 'ignore',
        timeout: 15_000,
      });
    }
  } catch {
    // Reachability is re-checked by the caller.
  }
}

export interface IsolatedSchema {
  /** `baseUrl` with its search_path set to the new schema, so unqualified tables land there. */
  url: string;
  schema: string;
  drop(): Promise<void>;
}

/** Creates an empty schema with a random name, so concurrent test files never see each other's tables. */
export async function createIsolatedSchema(baseUrl: string): Promise<IsolatedSchema> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await runSql(baseUrl, `create schema ${schema}`);
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    drop: () => runSql(baseUrl, `drop schema if exists ${schema} cascade`),
  };
}

async function runSql(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  /** `baseUrl` pointing at the new database. */
  url: string;
  name: string;
  /** Drops it, closing whatever is still connected. */
  drop(): Promise<void>;
}

/**
 * Creates an empty database with a random name, for tests that need a database of their own rather
 * than a schema (dropping it, or killing every connection to it, must not touch anyone else).
 */
export async function createTestDatabase(baseUrl: string): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await runSql(baseUrl, `create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => runSql(baseUrl, `drop database if exists ${name} with (force)`),
  };
}
