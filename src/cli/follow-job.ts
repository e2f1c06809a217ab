import cliProgress from 'cli-progress';
import type { JobStatusResponse } from '../http/contract/simulate.js';
import type { ApiClient } from './api-client.js';
import type { TextSink } from './progress.js';
import { readServerSentEvents } from './sse-client.js';

const TERMINAL = new Set(['completed', 'partial', 'failed']);

export interface FollowOptions {
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

type Progress = JobStatusResponse['progress'];

/** Shows progress over model-days: a bar on a terminal, a line per change otherwise. */
class ProgressView {
  readonly #bar: cliProgress.SingleBar | undefined;
  #started = false;
  #lastLine = '';

  constructor(private readonly sink: TextSink) {
    this.#bar =
      sink.isTTY === true
        ? new cliProgress.SingleBar(
            {
              stream: sink as NodeJS.WritableStream,
              format: '{phase} [{bar}] {value}/{total} model-days | {detail}',
              hideCursor: true,
            },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
  }

  show(status: string, progress: Progress): void {
    const done = progress.completed + progress.failed + progress.skipped;
    const detail = `${progress.completed} completed, ${progress.failed} failed, ${progress.skipped} skipped`;
    if (this.#bar) {
      if (!this.#started) this.#bar.start(progress.total_model_days, done, { phase: status, detail });
      else this.#bar.update(done, { phase: status, detail });
      this.#started = true;
      return;
    }
    const line = `${status}: ${done}/${progress.total_model_days} model-days (${detail})`;
    if (line !== this.#lastLine) this.sink.write(`${line}\n`);
    this.#lastLine = line;
  }

  stop(): void {
    this.#bar?.stop();
  }
}

/**
 * Follows a job until it ends, from its event stream (a change is shown as it happens), or by
 * polling its status when the server has no stream (an older server, a proxy that buffers).
 * Returns the final status.
 */
export async function followJob(
  client: ApiClient,
  jobId: string,
  sink: TextSink,
  options: FollowOptions = {},
): Promise<JobStatusResponse> {
  const view = new ProgressView(sink);
  try {
    return (await followEvents(client, jobId, view)) ?? (await poll(client, jobId, view, options));
  } finally {
    view.stop();
  }
}

/** The final status from the event stream; undefined when there is no usable stream. */
async function followEvents(
  client: ApiClient,
  jobId: string,
  view: ProgressView,
): Promise<JobStatusResponse | undefined> {
  const response = await client
    .stream(`/simulate/status/${encodeURIComponent(jobId)}/events`)
    .catch(() => undefined);
  if (
    !response?.ok ||
    !response.body ||
    !/^text\/event-stream/.test(response.headers.get('content-type') ?? '')
  ) {
    await response?.body?.cancel();
    return undefined;
  }
  try {
    for await (const message of readServerSentEvents(response.body)) {
      if (message.event === 'status' || message.event === 'progress') {
        const update = JSON.parse(message.data) as Pick<JobStatusResponse, 'status' | 'progress'>;
        view.show(update.status, update.progress);
      } else if (message.event === 'end') {
        const final = JSON.parse(message.data) as JobStatusResponse;
        view.show(final.status, final.progress);
        return final;
      }
    }
  } catch {
    // The stream broke off (a restart, a proxy): polling picks up from the job's current state.
  }
  return undefined;
}

async function poll(
  client: ApiClient,
  jobId: string,
  view: ProgressView,
  options: FollowOptions,
): Promise<JobStatusResponse> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (;;) {
    const status = await client.get<JobStatusResponse>(`/simulate/status/${encodeURIComponent(jobId)}`);
    view.show(status.status, status.progress);
    if (TERMINAL.has(status.status)) return status;
    await sleep(options.pollMs ?? 500);
  }
}
