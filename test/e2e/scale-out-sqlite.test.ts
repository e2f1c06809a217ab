/**
 * Two `ai-trader serve` processes on one SQLite file: both claim work under the file's write lock,
 * and no model-day is run twice, let alone committed twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alternatingTrader, daysRunTwice, readCommitted } from '../helpers/committed-days.js';
import type { Json } from '../helpers/http-server.js';
import { startCluster, type Cluster } from '../helpers/process-cluster.js';
import { until } from '../helpers/until.js';

const MODELS = ['s1', 's2', 's3'];
/** Six sessions. */
const RANGE = { start_date: '2025-10-01', end_date: '2025-10-08' };
const TOTAL = MODELS.length * 6;

describe('two serve processes on one SQLite file', () => {
  let dir: string;
  let cluster: Cluster | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ai-trader-scale-sqlite-'));
  });
  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('shares one job between them and never runs a model-day twice', async () => {
    const path = join(dir, 'shared.db');
    cluster = await startCluster({
      dir,
      databaseUrl: path,
      models: MODELS,
      scripts: {
        s1: alternatingTrader('AAPL', 2, 60),
        s2: alternatingTrader('MSFT', 1, 60),
        s3: alternatingTrader('NVDA', 1, 60),
      },
      maxConcurrentModels: 1,
    });
    // One after the other: the first creates the file, the second opens it.
    const first = await cluster.start('serve');
    const second = await cluster.start('serve');
    const trigger = await fetch(`${first.url}/simulate/trigger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(RANGE),
    });
    const { job_id: jobId } = (await trigger.json()) as { job_id: string };
    // Followed through the other process: any API process serves any job.
    const final = await until(
      'the job to end',
      async () => {
        const status = (await (await fetch(`${second.url}/simulate/status/${jobId}`)).json()) as Json;
        return ['completed', 'partial', 'failed'].includes(status.status as string) ? status : undefined;
      },
      90_000,
      100,
    );
    expect(final.status).toBe('completed');
    expect(final.progress).toMatchObject({ total_model_days: TOTAL, completed: TOTAL, failed: 0 });

    const committedBy = cluster.committedBy();
    expect([...committedBy.values()].every((n) => n > 0)).toBe(true);
    expect([...committedBy.values()].reduce((a, b) => a + b, 0)).toBe(TOTAL);
    expect(daysRunTwice(cluster.llm.requests())).toEqual([]);
    const committed = await readCommitted(path);
    expect(committed.violations).toEqual([]);
    expect([...committed.writes.values()]).toEqual(Array(TOTAL).fill(1));
    for (const [model, dates] of committed.commitOrder) expect(dates, model).toEqual([...dates].sort());
  }, 120_000);
});
