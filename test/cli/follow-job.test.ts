/** How the CLI follows a job when the server offers no event stream: it polls the status instead. */
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../src/cli/api-client.js';
import { followJob } from '../../src/cli/follow-job.js';

const status = (state: string, completed: number) => ({
  job_id: 'j',
  status: state,
  progress: { total_model_days: 2, completed, failed: 0, pending: 2 - completed, skipped: 0 },
});

describe('followJob against a server without an event stream', () => {
  it('polls the status until the job ends, printing each change once', async () => {
    const answers = [
      status('running', 0),
      status('running', 1),
      status('running', 1),
      status('completed', 2),
    ];
    const asked: string[] = [];
    const fetchImpl = (async (url: string) => {
      asked.push(new URL(url).pathname);
      if (url.endsWith('/events')) return new Response('{"detail":"Not Found"}', { status: 404 });
      return Response.json(answers.shift());
    }) as typeof fetch;
    let out = '';
    const final = await followJob(
      new ApiClient({ baseUrl: 'http://server', fetchImpl }),
      'j',
      {
        write: (t: string) => ((out += t), true),
      },
      { sleep: async () => undefined },
    );
    expect(final.status).toBe('completed');
    expect(asked[0]).toBe('/simulate/status/j/events');
    expect(asked.slice(1)).toEqual(Array(4).fill('/simulate/status/j'));
    expect(out.split('\n').filter((l) => l !== '')).toEqual([
      'running: 0/2 model-days (0 completed, 0 failed, 0 skipped)',
      'running: 1/2 model-days (1 completed, 0 failed, 0 skipped)',
      'completed: 2/2 model-days (2 completed, 0 failed, 0 skipped)',
    ]);
  });
});
