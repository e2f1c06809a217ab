/** Cancelling a running job, and the one-active-job rule under a burst of concurrent triggers. */
import { afterEach, describe, expect, it } from 'vitest';
import { CANCELLED_ERROR, CANCELLED_REASON } from '../../src/jobs/lifecycle.js';
import { BUSY_MESSAGE } from '../../src/jobs/job-service.js';
import { buyAndFinish, startTestServer, type Json, type TestServer } from '../helpers/http-server.js';

const SLOW = { alpha: buyAndFinish('AAPL', 1, 100), beta: buyAndFinish('MSFT', 1, 100) };

describe('POST /simulate/jobs/{job_id}/cancel', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** Triggers three sessions with a slow LLM and cancels as soon as the first model-day runs. */
  async function cancelWhileRunning(): Promise<{ jobId: string; cancel: Json; done: Json }> {
    server = await startTestServer({ scripts: SLOW });
    const trigger = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-03' });
    const jobId = trigger.body['job_id'] as string;
    await server.waitFor(jobId, (s) => (s['details'] as Json[]).some((d) => d['status'] === 'running'));
    const cancel = await server.request('POST', `/simulate/jobs/${jobId}/cancel`);
    expect(cancel.status).toBe(200);
    return { jobId, cancel: cancel.body, done: await server.waitFor(jobId) };
  }

  it('lets running model-days finish, skips the rest as Cancelled and ends the job partial', async () => {
    const { jobId, cancel, done } = await cancelWhileRunning();
    expect(cancel).toMatchObject({
      job_id: jobId,
      deployment_mode: 'PROD',
      progress: { total_model_days: 6 },
    });

    // A cancelled job did not do all it was asked: never `completed`.
    expect(done['status']).toBe('partial');
    expect(done['error']).toBe(CANCELLED_ERROR);
    const details = done['details'] as Json[];
    const skipped = details.filter((d) => d['status'] === 'skipped');
    expect(skipped.length).toBeGreaterThan(0);
    for (const d of skipped) expect(d['error']).toBe(CANCELLED_REASON);
    expect(details.every((d) => ['completed', 'skipped'].includes(d['status'] as string))).toBe(true);
    // 3 sessions x 2 models at ~300 ms each: cancelling during the first leaves the last one unrun.
    expect(details.filter((d) => d['date'] === '2025-10-03').every((d) => d['status'] === 'skipped')).toBe(
      true,
    );
  });

  it('answers 400 for a job that has already ended and 404 for an unknown one', async () => {
    server = await startTestServer();
    const trigger = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-01' });
    const jobId = trigger.body['job_id'] as string;
    await server.waitFor(jobId);

    const late = await server.request('POST', `/simulate/jobs/${jobId}/cancel`);
    expect(late.status).toBe(400);
    expect(late.body['detail']).toContain('already completed');
    const unknown = await server.request('POST', '/simulate/jobs/nope/cancel');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ detail: 'Job nope not found' });
  });
});

describe('concurrent triggers', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('creates exactly one job out of 20 simultaneous triggers', async () => {
    server = await startTestServer({ scripts: SLOW });
    const url = `${server.url}/simulate/trigger`;
    const body = JSON.stringify({ start_date: '2025-10-01', end_date: '2025-10-02' });
    const answers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        return { status: res.status, body: (await res.json()) as Json };
      }),
    );

    const created = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 400);
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const r of refused) expect(r.body).toEqual({ detail: BUSY_MESSAGE });
    const jobs = await server.request('GET', '/simulate/jobs');
    expect(jobs.body['total']).toBe(1);
    expect((jobs.body['jobs'] as Json[])[0]?.['job_id']).toBe(created[0]?.body['job_id']);
  });
});
