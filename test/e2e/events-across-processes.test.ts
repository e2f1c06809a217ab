/**
 * The event stream is read from the database, so an API-only process follows a job that a worker in
 * another process runs: every model-day's start and end arrive, then the end of the job.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readServerSentEvents } from '../../src/cli/sse-client.js';
import { buyAndFinish, type Json } from '../helpers/http-server.js';
import { startCluster, type Cluster } from '../helpers/process-cluster.js';

describe('the event stream of a job run by another process', () => {
  let cluster: Cluster | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await cluster?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    cluster = undefined;
  });

  it('carries every model-day and the end to a client of an API-only process', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ai-trader-events-'));
    cluster = await startCluster({
      dir,
      databaseUrl: join(dir, 'events.db'),
      models: ['alpha', 'beta'],
      scripts: { alpha: buyAndFinish('AAPL', 2, 40), beta: buyAndFinish('MSFT', 1, 40) },
    });
    const api = await cluster.start('api');
    const trigger = await fetch(`${api.url}/simulate/trigger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ start_date: '2025-10-01', end_date: '2025-10-02' }),
    });
    const { job_id: jobId } = (await trigger.json()) as { job_id: string };
    const response = await fetch(`${api.url}/simulate/status/${jobId}/events`);
    const events: { event: string; data: Json }[] = [];
    const reading = (async () => {
      for await (const m of readServerSentEvents(response.body as ReadableStream<Uint8Array>)) {
        events.push({ event: m.event, data: JSON.parse(m.data) as Json });
      }
    })();

    // Only now does anything run the job: a worker without a port.
    await cluster.start('worker');
    await reading;

    expect(events[0]?.event).toBe('status');
    expect(events.at(-1)).toMatchObject({ event: 'end', data: { job_id: jobId, status: 'completed' } });
    const ended = events.filter((e) => e.event === 'model_day' && e.data['status'] === 'completed');
    expect(ended.map((e) => `${e.data['model']} ${e.data['date']}`).sort()).toEqual([
      'alpha 2025-10-01',
      'alpha 2025-10-02',
      'beta 2025-10-01',
      'beta 2025-10-02',
    ]);
    for (const e of ended) expect(typeof e.data['portfolio_value']).toBe('number');
    // The API process ran none of it; the worker ran all of it.
    const committed = [...cluster.committedBy()].map(([member, days]) => [member.role, days]);
    expect(committed).toEqual([
      ['api', 0],
      ['worker', 4],
    ]);
  });
});
