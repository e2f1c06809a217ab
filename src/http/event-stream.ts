/**
 * Server-Sent Events over a hijacked Fastify reply: the framing (`event:` / `data:` lines), a comment
 * every so often so proxies keep the connection open, and the end of the stream when the client
 * leaves or the server closes.
 */
import type { FastifyReply } from 'fastify';

const HEARTBEAT_MS = 15_000;

export interface EventStream {
  send(event: string, data: unknown): void;
  end(): void;
  /** Fires when the client goes away or the stream is ended. */
  readonly signal: AbortSignal;
}

export function openEventStream(reply: FastifyReply): EventStream {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx buffers responses unless told not to; a stream that arrives all at the end is no stream.
    'x-accel-buffering': 'no',
  });
  const closed = new AbortController();
  const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  const finish = (): void => {
    if (closed.signal.aborted) return;
    clearInterval(heartbeat);
    closed.abort();
  };
  raw.on('close', finish);
  return {
    signal: closed.signal,
    send(event, data) {
      if (closed.signal.aborted) return;
      raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      finish();
      raw.end();
    },
  };
}
