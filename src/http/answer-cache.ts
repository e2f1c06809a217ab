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

export interface AnswerCacheLimits {
  /** What the entries may weigh together: keys, bodies and headers (full reasoning can be megabytes). */
  maxBytes?: number;
  /** How many entries at most, however small: each costs a map slot and its objects besides its text. */
  maxEntries?: number;
}

export const DEFAULT_CACHE_MAX_BYTES = 32 * 1024 * 1024;
export const DEFAULT_CACHE_MAX_ENTRIES = 1000;
/** What an entry costs beyond its text (the map slot, the answer object, the strings' headers), roughly. */
const ENTRY_OVERHEAD_BYTES = 256;

/**
 * Least-recently-used, bounded by weight and by count. Keys weigh as much as bodies: a client
 * choosing keys (a query string) must not be able to fill memory with tiny answers under huge keys.
 * Text is weighed in UTF-16 code units, as the engine mostly holds it (one byte each for Latin-1).
 */
export class AnswerCache<Extra extends object = object> {
  readonly #entries = new Map<string, { answer: SerializedAnswer & Extra; bytes: number }>();
  readonly #maxBytes: number;
  readonly #maxEntries: number;
  #bytes = 0;

  constructor(limits: AnswerCacheLimits = {}) {
    this.#maxBytes = limits.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
    this.#maxEntries = limits.maxEntries ?? DEFAULT_CACHE_MAX_ENTRIES;
  }

  /** Entries held now. */
  get size(): number {
    return this.#entries.size;
  }

  /** Their weight now, keys included; never above the limit. */
  get bytes(): number {
    return this.#bytes;
  }

  get(key: string): (SerializedAnswer & Extra) | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.answer;
  }

  set(key: string, answer: SerializedAnswer & Extra): void {
    const bytes = weightOf(key, answer);
    this.#forget(key);
    if (bytes > this.#maxBytes / 4) return; // one huge answer must not evict everything else
    this.#entries.set(key, { answer, bytes });
    this.#bytes += bytes;
    for (const oldest of this.#entries.keys()) {
      if (this.#bytes <= this.#maxBytes && this.#entries.size <= this.#maxEntries) break;
      this.#forget(oldest);
    }
  }

  #forget(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }
}

function weightOf(key: string, answer: SerializedAnswer): number {
  let bytes = ENTRY_OVERHEAD_BYTES + key.length + answer.etag.length + answer.body.length;
  bytes += answer.contentType?.length ?? 0;
  for (const [name, value] of Object.entries(answer.headers ?? {})) bytes += name.length + value.length;
  return bytes;
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
