import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyAndFinish, startTestServer, type Json } from '../helpers/http-server.js';

const RANGE = { start_date: '2025-10-01', end_date: '2025-10-02' };

/** The trades and values of a finished run, without timestamps, for comparison across runs. */
async function outcome(server: Awaited<ReturnType<typeof startTestServer>>): Promise<unknown> {
  const res = await server.request('GET', '/results?start_date=2025-10-02&end_date=2025-10-02');
  expect(res.status).toBe(200);
  return (res.body.results as Json[]).map((r) => ({
    model: r.model,
    trades: (r.trades as Json[]).map(({ created_at: _at, ...t }) => t),
    final: r.final_position,
    metrics: r.daily_metrics,
  }));
}

describe('recording a job and replaying it without the provider', () => {
  let cassettes: string;
  beforeAll(() => {
    cassettes = mkdtempSync(join(tmpdir(), 'ai-trader-cassettes-'));
  });
  afterAll(() => rmSync(cassettes, { recursive: true, force: true }));

  it('replays every model-day to the same trades and values with the LLM answering only errors', async () => {
    const recording = await startTestServer({
      env: { LLM_CASSETTE_DIR: cassettes, LLM_CASSETTE_MODE: 'record' },
      scripts: { alpha: buyAndFinish('MSFT', 3), beta: buyAndFinish('NVDA', 7) },
    });
    let recorded: unknown;
    try {
      const job = (await recording.trigger(RANGE)).body;
      expect((await recording.waitFor(job.job_id as string)).status).toBe('completed');
      recorded = await outcome(recording);
    } finally {
      await recording.close();
    }

    const replaying = await startTestServer({
      env: { LLM_CASSETTE_DIR: cassettes, LLM_CASSETTE_MODE: 'replay' },
      scripts: { alpha: { status: 500 }, beta: { status: 500 } },
    });
    try {
      const job = (await replaying.trigger(RANGE)).body;
      const final = await replaying.waitFor(job.job_id as string);
      expect(final.status).toBe('completed');
      expect(await outcome(replaying)).toEqual(recorded);
      expect(replaying.llm.callCount()).toBe(0);
    } finally {
      await replaying.close();
    }
  });

  it('fails a model-day clearly when its cassette is missing', async () => {
    const server = await startTestServer({
      env: { LLM_CASSETTE_DIR: join(cassettes, 'empty'), LLM_CASSETTE_MODE: 'replay' },
    });
    try {
      const job = (await server.trigger({ ...RANGE, models: ['alpha'] })).body;
      const final = await server.waitFor(job.job_id as string);
      expect(final.status).toBe('failed');
      expect((final.details as Json[])[0]?.error).toMatch(
        /^Execution failed: no usable cassette for alpha on 2025-10-01/,
      );
    } finally {
      await server.close();
    }
  });
});
