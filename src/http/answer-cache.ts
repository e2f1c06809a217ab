/**
 * Serialized answers kept for reuse, with their ETags: a finished job's status never changes, and a
 * results answer holds until the data it was computed from changes (see change-counters.ts). A client
 * that sends the ETag back in If-None-Match gets a 304 and no body.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface SerializedAnswer {
  etag: string;
  body: string;
  /** JSON when absent (results exports also come as CSV). */
  contentType?: string;
  /** Sent with the body only, not with a 304 (e.g. an export's Content-Disposition). */
  headers?: Record<string, string>;
}

/** Least-recently-used, bounded by the bodies' total size (full reasoning can be megabytes). */
export class AnswerCache<Extra extends object = object> {
  readonly #entries = new Map<string, SerializedAnswer & Extra>();
  #bytes = 0;

  constructor(private readonly maxBytes: number = 32 * 1024 * 1024) {}

  get(key: string): (SerializedAnswer & Extra) | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  set(key: string, answer: SerializedAnswer & Extra): void {
    const size = answer.body.length;
    if (size > this.maxBytes / 4) return; // one huge answer must not evict everything else
    const previous = this.#entries.get(key);
    if (previous !== undefined) {
      this.#bytes -= previous.body.length;
      this.#entries.delete(key);
    }
    this.#entries.set(key, answer);
    this.#bytes += size;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.body.length;
    }
  }
}

/** Sends a serialized answer with its ETag, or 304 Not Modified when the client already has it. */
export function sendAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: SerializedAnswer,
): FastifyReply {
  reply.header('etag', answer.etag);
  if (matches(request.headers['if-none-match'], answer.etag)) return reply.code(304).send();
  return reply
    .headers(answer.headers ?? {})
    .type(answer.contentType ?? 'application/json; charset=utf-8')
    .send(answer.body);
}

function matches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const value = tag.trim();
    return value === '*' || value === etag || value === `W/${etag}`;
  });
}
