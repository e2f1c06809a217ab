/**
 * The SQLite file deleted under a running server (`rm data/ai-trader.db*`). SQLite itself notices
 * nothing: it keeps serving and writing the open, nameless file, and the next start used to create
 * an empty database in its place. Now the server says so, refuses writes, saves what it still has
 * open, and will not start empty until the operator decides.
 */
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { interruptedByRestart, invariantViolationsAt, startHeldJob } from '../helpers/held-job.js';
import type { ServerProcess } from '../helpers/server-process.js';

describe('a SQLite database file deleted under a real server process', () => {
  let dir: string;
  let server: ServerProcess | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ai-trader-deleted-'));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports it (503), refuses writes, saves the open data, never starts empty, and resumes the job once the file is back', async () => {
    const path = join(dir, 'data', 'trader.db');
    const held = await startHeldJob({ dir, databaseUrl: path });
    server = held.server;
    const { jobId, release } = held;
    expect(server.logs().some((l) => l.msg === 'created a new, empty database file (first run)')).toBe(true);

    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`);
    const health = await server.request('GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'unhealthy', database: 'disconnected' });
    expect(String(health.body.detail)).toContain(
      `the database file ${path} was deleted while the server was running`,
    );

    release.open();
    const rescued = await server.until('the open database to be saved', async () =>
      readdirSync(join(dir, 'data')).find((name) => name.startsWith('trader.db.rescued-')),
    );
    // Writes are refused with the reason; reads still answer from what is open.
    const cancel = await server.request('POST', `/simulate/jobs/${jobId}/cancel`);
    expect(cancel.status).toBe(503);
    expect(String(cancel.body.detail)).toMatch(/^Database unavailable: the database file .* was deleted/);
    expect((await server.status(jobId)).progress).toMatchObject({ completed: 1 });
    expect(server.alive()).toBe(true);

    // A restart refuses to begin with an empty database, and names the saved copy.
    await server.stop();
    await expect(server.restart()).rejects.toThrow(
      `A server saved the database it had open to ${join(dir, 'data', rescued)}`,
    );
    expect(existsSync(path)).toBe(false);

    // Put back, the job that was running resumes from its committed day and completes.
    renameSync(join(dir, 'data', rescued), path);
    await server.restart();
    const final = await server.waitForEnd(jobId);
    expect(final.status).toBe('completed');
    expect(final.progress).toMatchObject({ total_model_days: 3, completed: 3 });
    expect(interruptedByRestart(final)).toBe(true);
    expect(await invariantViolationsAt(path)).toEqual([]);
  }, 120_000);
});
