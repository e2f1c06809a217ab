/**
 * Following a job live: the server's event stream (`GET /simulate/status/{id}/events`, Server-Sent
 * Events) when it has one, else polling `GET /simulate/status/{id}` every 2 s. The stream is given
 * up for polling when it fails (404 on a server without it, or a broken connection), so the page
 * keeps moving either way. Everything outside (EventSource, fetch, timers) comes in through
 * `FollowDeps`, so the switching logic is tested without a browser.
 */
import type { JobProgressEvent, JobStatusResponse, ModelDayEvent } from '../api/types.js';
import { isActiveJob } from '../api/types.js';
import type { JobUpdate } from './job-state.js';

export type Transport = 'stream' | 'polling';

export interface FollowHandlers {
  update(update: JobUpdate): void;
  /** The job ended (its final status was already given to `update`). */
  ended(status: JobStatusResponse): void;
  transport?(transport: Transport): void;
  /** A poll failed; polling goes on. */
  failed?(error: unknown): void;
}

/** The part of EventSource used here. */
export interface EventStream {
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
  onerror: ((event: Event) => void) | null;
}

export interface FollowDeps {
  /** null: this browser has no EventSource; poll. */
  openStream: ((url: string) => EventStream) | null;
  fetchStatus(jobId: string): Promise<JobStatusResponse>;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
}

export const POLL_INTERVAL_MS = 2000;

export const statusUrl = (jobId: string): string => `/simulate/status/${encodeURIComponent(jobId)}`;
export const eventsUrl = (jobId: string): string => `${statusUrl(jobId)}/events`;

/** Starts following; the returned function stops (closing the stream or the timer). */
export function followJob(jobId: string, handlers: FollowHandlers, deps: FollowDeps): () => void {
  let stopped = false;
  let ended = false;
  let stream: EventStream | null = null;
  let timer: unknown = null;

  const finish = (status: JobStatusResponse): void => {
    ended = true;
    handlers.update({ kind: 'status', status });
    handlers.ended(status);
    stop();
  };

  const poll = async (): Promise<void> => {
    timer = null;
    if (stopped) return;
    try {
      const status = await deps.fetchStatus(jobId);
      if (stopped) return;
      if (!isActiveJob(status.status)) return finish(status);
      handlers.update({ kind: 'status', status });
    } catch (error) {
      if (stopped) return;
      handlers.failed?.(error);
    }
    if (!stopped) timer = deps.setTimer(() => void poll(), POLL_INTERVAL_MS);
  };

  const startPolling = (): void => {
    if (stopped || ended) return;
    handlers.transport?.('polling');
    void poll();
  };

  const parse = <T>(event: MessageEvent<string>): T | null => {
    try {
      return JSON.parse(event.data) as T;
    } catch {
      return null;
    }
  };

  const startStream = (open: (url: string) => EventStream): void => {
    let source: EventStream;
    try {
      source = open(eventsUrl(jobId));
    } catch {
      return startPolling();
    }
    stream = source;
    handlers.transport?.('stream');
    source.addEventListener('status', (event) => {
      const status = parse<JobStatusResponse>(event);
      if (status) handlers.update({ kind: 'status', status });
    });
    source.addEventListener('progress', (event) => {
      const progress = parse<JobProgressEvent>(event);
      if (progress) handlers.update({ kind: 'progress', event: progress });
    });
    source.addEventListener('model_day', (event) => {
      const modelDay = parse<ModelDayEvent>(event);
      if (modelDay) handlers.update({ kind: 'model_day', event: modelDay });
    });
    source.addEventListener('end', (event) => {
      const status = parse<JobStatusResponse>(event);
      if (status) finish(status);
      else {
        closeStream();
        startPolling();
      }
    });
    // No stream on this server (404), or the connection broke: EventSource would retry forever;
    // polling says the same things every 2 s and also learns how the job ended.
    source.onerror = () => {
      if (stopped || ended) return;
      closeStream();
      startPolling();
    };
  };

  const closeStream = (): void => {
    if (stream === null) return;
    stream.onerror = null;
    stream.close();
    stream = null;
  };

  function stop(): void {
    stopped = true;
    closeStream();
    if (timer !== null) deps.clearTimer(timer);
    timer = null;
  }

  if (deps.openStream) startStream(deps.openStream);
  else startPolling();
  return stop;
}
