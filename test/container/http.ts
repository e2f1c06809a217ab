/** The few HTTP calls the container test makes to the server it started, on 127.0.0.1 only. */
import { until } from '../helpers/until.js';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const TERMINAL = ['completed', 'partial', 'failed'];

export async function getJson(url: string, headers: Record<string, string> = {}): Promise<Json> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(15_000) });
  const body = (await response.json()) as Json;
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body;
}

export async function postJson(url: string, payload: unknown): Promise<Json> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json()) as Json;
  if (!response.ok) throw new Error(`POST ${url}: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** Waits until `GET /health` answers 200. */
export function healthy(baseUrl: string, timeoutMs = 60_000): Promise<Json> {
  return until(`${baseUrl}/health to answer 200`, () => getJson(`${baseUrl}/health`), timeoutMs, 250);
}

/** Waits for a job to end and gives its final status (details included). */
export function jobEnd(baseUrl: string, jobId: string, timeoutMs = 120_000): Promise<Json> {
  return until(
    `job ${jobId} to end`,
    async () => {
      const status = await getJson(`${baseUrl}/simulate/status/${jobId}`);
      return TERMINAL.includes(status.status as string) ? status : undefined;
    },
    timeoutMs,
    200,
  );
}

/** Throws unless the job completed every one of its model-days. */
export function expectCompleted(status: Json, total: number): void {
  const progress = status.progress as Json;
  if (status.status !== 'completed' || progress.completed !== total || progress.failed !== 0)
    throw new Error(
      `job ${status.job_id} ended ${status.status}: ${JSON.stringify(progress)} (expected ${total} completed); ` +
        `error ${JSON.stringify(status.error)}, warnings ${JSON.stringify(status.warnings)}`,
    );
}
