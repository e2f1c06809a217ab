/**
 * Following a job from the dashboard: the event stream when the server has one, polling every 2 s
 * when it has not (or the stream breaks), and the status kept current from either.
 */
import { describe, expect, it, vi } from 'vitest';
import type { JobStatusResponse, ModelDayEvent } from '../../web/src/api/types.js';
import {
  followJob,
  POLL_INTERVAL_MS,
  type EventStream,
  type FollowDeps,
} from '../../web/src/lib/job-follow.js';
import { applyJobUpdate, finishedModelDays } from '../../web/src/lib/job-state.js';
import { formErrors } from '../../web/src/lib/form-errors.js';
import { ApiError } from '../../web/src/api/client.js';

const status = (state: JobStatusResponse['status'], completed: number): JobStatusResponse => ({
  job_id: 'job-1',
  status: state,
  progress: { total_model_days: 2, completed, failed: 0, pending: 2 - completed, skipped: 0 },
  date_range: ['2025-10-01'],
  models: ['alpha', 'beta'],
  market: 'us',
  created_at: '2025-10-02T00:00:00.000Z',
  started_at: null,
  completed_at: null,
  total_duration_seconds: null,
  error: null,
  details: [
    {
      date: '2025-10-01',
      model: 'alpha',
      status: 'pending',
      error: null,
      started_at: null,
      completed_at: null,
      duration_seconds: null,
    },
  ],
  warnings: null,
  deployment_mode: 'PROD',
  is_dev_mode: false,
  preserve_dev_data: null,
});

class FakeStream implements EventStream {
  listeners = new Map<string, (event: MessageEvent<string>) => void>();
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, listener);
  }
  close(): void {
    this.closed = true;
  }
  emit(type: string, data: unknown): void {
    this.listeners.get(type)?.({ data: JSON.stringify(data) } as MessageEvent<string>);
  }
  fail(): void {
    this.onerror?.(new Event('error'));
  }
}

/** Timers run when the test says so. */
function manualTimers() {
  const queue: { callback: () => void; ms: number }[] = [];
  return {
    queue,
    setTimer: (callback: () => void, ms: number) => queue.push({ callback, ms }),
    clearTimer: vi.fn(),
    runNext: async () => {
      queue.shift()?.callback();
      await flush();
    },
  };
}
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function follow(deps: Partial<FollowDeps> & Pick<FollowDeps, 'openStream' | 'fetchStatus'>) {
  const timers = manualTimers();
  const updates: (JobStatusResponse | null)[] = [];
  let current: JobStatusResponse | null = null;
  const ended = vi.fn();
  const transports: string[] = [];
  const stop = followJob(
    'job-1',
    {
      update: (update) => {
        current = applyJobUpdate(current, update);
        updates.push(current);
      },
      ended,
      transport: (t) => transports.push(t),
    },
    { setTimer: timers.setTimer, clearTimer: timers.clearTimer, ...deps },
  );
  return { timers, updates, ended, transports, stop, current: () => current };
}

describe('followJob', () => {
  it('reads the event stream: status, progress and model-day events, then the end', () => {
    const stream = new FakeStream();
    const open = vi.fn(() => stream);
    const fetchStatus = vi.fn();
    const run = follow({ openStream: open, fetchStatus });
    expect(open).toHaveBeenCalledWith('/simulate/status/job-1/events');
    expect(run.transports).toEqual(['stream']);

    stream.emit('status', status('running', 0));
    stream.emit('progress', { ...status('running', 1), job_id: 'job-1' });
    const modelDay: ModelDayEvent = {
      job_id: 'job-1',
      date: '2025-10-01',
      model: 'alpha',
      status: 'completed',
      error: null,
      started_at: '2025-10-02T00:00:01.000Z',
      completed_at: '2025-10-02T00:00:02.000Z',
      duration_seconds: 1,
      profit: 12.5,
      return_pct: 0.12,
      portfolio_value: 10_012.5,
      market: 'us',
    };
    stream.emit('model_day', modelDay);
    expect(run.current()?.progress.completed).toBe(1);
    expect(run.current()?.details).toEqual([
      {
        date: '2025-10-01',
        model: 'alpha',
        status: 'completed',
        error: null,
        started_at: '2025-10-02T00:00:01.000Z',
        completed_at: '2025-10-02T00:00:02.000Z',
        duration_seconds: 1,
      },
    ]);

    stream.emit('end', status('completed', 2));
    expect(run.ended).toHaveBeenCalledWith(expect.objectContaining({ status: 'completed' }));
    expect(stream.closed).toBe(true);
    expect(fetchStatus).not.toHaveBeenCalled();
    expect(run.timers.queue).toEqual([]);
  });

  it('polls every 2 s when the server has no stream (the EventSource fails), until the job ends', async () => {
    const stream = new FakeStream();
    const answers = [status('running', 0), status('running', 1), status('completed', 2)];
    const fetchStatus = vi.fn(async () => answers.shift() as JobStatusResponse);
    const run = follow({ openStream: () => stream, fetchStatus });

    stream.fail();
    await flush();
    expect(stream.closed).toBe(true);
    expect(run.transports).toEqual(['stream', 'polling']);
    expect(run.current()?.progress.completed).toBe(0);
    expect(run.timers.queue.map((t) => t.ms)).toEqual([POLL_INTERVAL_MS]);

    await run.timers.runNext();
    expect(run.current()?.progress.completed).toBe(1);
    await run.timers.runNext();
    expect(run.current()?.status).toBe('completed');
    expect(run.ended).toHaveBeenCalledTimes(1);
    expect(run.timers.queue).toEqual([]);
    expect(fetchStatus).toHaveBeenCalledTimes(3);
  });

  it('switches to polling when a stream breaks mid-job, keeping what it had', async () => {
    const stream = new FakeStream();
    const fetchStatus = vi.fn(async () => status('running', 1));
    const run = follow({ openStream: () => stream, fetchStatus });
    stream.emit('status', status('running', 0));
    stream.fail();
    await flush();
    expect(run.current()?.progress.completed).toBe(1);
    expect(run.transports).toEqual(['stream', 'polling']);
  });

  it('polls from the start without EventSource, retries after a failed poll, and stops when told', async () => {
    let calls = 0;
    const fetchStatus = vi.fn(async () => {
      calls += 1;
      if (calls === 1) throw new Error('connection refused');
      return status('running', 1);
    });
    const run = follow({ openStream: null, fetchStatus });
    await flush();
    expect(run.transports).toEqual(['polling']);
    expect(run.updates).toEqual([]);
    await run.timers.runNext();
    expect(run.current()?.progress.completed).toBe(1);
    run.stop();
    expect(run.timers.clearTimer).toHaveBeenCalled();
  });
});

describe('job progress and form errors', () => {
  it('counts finished model-days (completed, failed and skipped) against the total', () => {
    const s = status('running', 1);
    expect(
      finishedModelDays({ ...s, progress: { ...s.progress, failed: 0, skipped: 1, pending: 0 } }),
    ).toEqual({
      done: 2,
      total: 2,
    });
  });

  it("files a 422's issues under their fields and a 400's message under the form", () => {
    const invalid = new ApiError(422, '', [
      {
        loc: ['body', 'end_date'],
        msg: 'Value error, end_date is required and cannot be null or empty',
        type: 'value_error',
      },
      { loc: ['body'], msg: 'Something about the body', type: 'value_error' },
    ]);
    expect(formErrors(invalid, ['start_date', 'end_date'])).toEqual({
      fields: { end_date: ['Value error, end_date is required and cannot be null or empty'] },
      form: ['Something about the body'],
    });
    const refused = new ApiError(400, 'Unknown model(s): nope', 'Unknown model(s): nope');
    expect(formErrors(refused, ['start_date'])).toEqual({ fields: {}, form: ['Unknown model(s): nope'] });
  });
});
