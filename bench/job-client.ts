/** The few API calls the benchmarks make against a server process: trigger a job, read it, wait for it. */

export const TERMINAL_STATUSES = ['completed', 'partial', 'failed'];

export interface JobState {
  status: string;
  total: number;
  completed: number;
}

/** Creates a job and returns its id, with how long the trigger took to answer. */
export async function triggerJob(
  url: string,
  body: Record<string, unknown>,
): Promise<{ jobId: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${url}/simulate/trigger`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const created = (await response.json()) as { job_id?: string };
  const ms = performance.now() - started;
  if (!created.job_id) throw new Error(`trigger refused: ${JSON.stringify(created)}`);
  return { jobId: created.job_id, ms };
}

export async function jobState(url: string, jobId: string): Promise<JobState> {
  const body = (await (await fetch(`${url}/simulate/status/${jobId}`)).json()) as {
    status: string;
    progress: { total_model_days: number; completed: number };
  };
  return { status: body.status, total: body.progress.total_model_days, completed: body.progress.completed };
}

/** Polls until `done` holds for the job's state, and returns that state. */
export async function waitForJob(
  url: string,
  jobId: string,
  done: (state: JobState) => boolean = (s) => TERMINAL_STATUSES.includes(s.status),
  pollMs = 100,
): Promise<JobState> {
  for (;;) {
    const state = await jobState(url, jobId);
    if (done(state)) return state;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
