/**
 * A flood of distinct junk URLs at a cached read: `GET /results/trades?model=nobody&pad=<i>-<15 KB>`,
 * a new `i` each time, as an unauthenticated client could send. Every answer is tiny; what is
 * measured is the server's resident memory (VmRSS, read from /proc) before and after, with the
 * server in its own process (SQLite, DEV mode, an empty database). A cache keyed by the raw URL keeps
 * every one of them; one keyed by the validated query keeps one entry.
 *
 * For comparison, the same number of requests to one URL is sent first: the growth that costs is
 * the server's own (allocator, JIT, connection buffers), not the cache's.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import type { BenchContext } from './report.js';
import { startServerProcess } from './server-process.js';

const PAD_BYTES = 15 * 1024;
const CONCURRENCY = 8;

export async function run({ quick, record }: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-flood-'));
  const count = quick ? 2_000 : 10_000;
  const server = await startServerProcess({
    DEPLOYMENT_MODE: 'DEV',
    DATABASE_URL: join(dir, 'flood.db'),
    LOG_LEVEL: 'warn',
  });
  const pid = server.child.pid as number;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const junk = 'x'.repeat(PAD_BYTES);
  try {
    // Warm: the route compiled, the connections open, the first answers cached.
    await flood(server.url, agent, 200, () => '/results/trades?model=nobody');
    const start = rssMb(pid);
    await flood(server.url, agent, count, () => '/results/trades?model=nobody');
    const afterSame = rssMb(pid);
    await flood(server.url, agent, count, (i) => `/results/trades?model=nobody&pad=${i}-${junk}`);
    const afterJunk = rssMb(pid);
    // Time for the collector to give back what it can: only what something still holds stays.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const settled = rssMb(pid);

    const what = `server process RSS (VmRSS), SQLite DEV server, ${count} requests, ${CONCURRENCY} keep-alive connections`;
    record('flood.rss_before_mb', start, 'MB', `${what}: before the flood, after a warm-up`);
    record(
      'flood.rss_after_same_url_mb',
      afterSame,
      'MB',
      `${what}: after ${count} requests to one URL (the baseline)`,
    );
    record(
      'flood.rss_after_junk_urls_mb',
      afterJunk,
      'MB',
      `${what}: after ${count} distinct URLs, each with an ignored ${PAD_BYTES / 1024} KB parameter`,
    );
    record('flood.rss_settled_mb', settled, 'MB', `${what}: 3 s after the junk flood`);
    record(
      'flood.rss_growth_per_1000_junk_urls_mb',
      ((settled - afterSame) / count) * 1000,
      'MB',
      `${what}: (settled - after the same-URL requests) per 1,000 junk URLs`,
    );
  } finally {
    agent.destroy();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `count` GETs of `pathFor(i)`, CONCURRENCY at a time; every answer must be a 200. */
async function flood(
  baseUrl: string,
  agent: Agent,
  count: number,
  pathFor: (i: number) => string,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const status = await get(baseUrl, agent, pathFor(i));
      if (status !== 200) throw new Error(`GET ${pathFor(i).slice(0, 80)}... answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

function get(baseUrl: string, agent: Agent, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}
