import cliProgress from 'cli-progress';
import type { JobStatusResponse } from '../http/contract/simulate.js';
import type { ApiClient } from './api-client.js';
import type { TextSink } from './progress.js';

const TERMINAL = new Set(['completed', 'partial', 'failed']);

export interface FollowOptions {
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Polls a job's status until it ends, showing progress over model-days: a bar on a terminal, a line
 * per change otherwise. Returns the final status view.
 */
export async function followJob(
  client: ApiClient,
  jobId: string,
  sink: TextSink,
  options: FollowOptions = {},
): Promise<JobStatusResponse> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const tty = sink.isTTY === true;
  const bar = tty
    ? new cliProgress.SingleBar(
        {
          stream: sink as NodeJS.WritableStream,
          format: '{phase} [{bar}] {value}/{total} model-days | {detail}',
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let started = false;
  let lastLine = '';
  for (;;) {
    const status = await client.get<JobStatusResponse>(`/simulate/status/${encodeURIComponent(jobId)}`);
    const { progress } = status;
    const done = progress.completed + progress.failed + progress.skipped;
    const detail = `${progress.completed} completed, ${progress.failed} failed, ${progress.skipped} skipped`;
    if (bar) {
      if (!started) bar.start(progress.total_model_days, done, { phase: status.status, detail });
      else bar.update(done, { phase: status.status, detail });
      started = true;
    } else {
      const line = `${status.status}: ${done}/${progress.total_model_days} model-days (${detail})`;
      if (line !== lastLine) sink.write(`${line}\n`);
      lastLine = line;
    }
    if (TERMINAL.has(status.status)) {
      bar?.stop();
      return status;
    }
    await sleep(options.pollMs ?? 500);
  }
}
