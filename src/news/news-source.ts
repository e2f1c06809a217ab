/**
 * The adapter family behind the `get_information(query)` tool: something that searches news and
 * returns only what an agent trading on day D is allowed to see.
 */

export interface NewsItem {
  title: string;
  url: string;
  snippet: string;
  /** `YYYY-MM-DD`; null when the source gave no date we could read. */
  publishedDate: string | null;
}

export interface NewsSearchResult {
  /** Only items dated strictly before the trading day. */
  items: NewsItem[];
  /** How many results were dropped by the date rule (dated on or after the trading day, or undated). */
  withheld: number;
}

export interface NewsSource {
  readonly name: string;
  /**
   * Searches news for `query` as seen on trading day `asOf` (`YYYY-MM-DD`). Implementations must
   * filter by date themselves: search engines treat date operators in the query as hints at best.
   */
  search(query: string, asOf: string, signal?: AbortSignal): Promise<NewsSearchResult>;
}

export type NewsErrorKind = 'rate_limit' | 'auth' | 'server' | 'network' | 'bad_response';

/** Kinds where asking again later can succeed; 'auth' and 'bad_response' need a human. */
const RETRYABLE_KINDS: ReadonlySet<NewsErrorKind> = new Set(['rate_limit', 'server', 'network']);

export class NewsError extends Error {
  override readonly name = 'NewsError';
  readonly kind: NewsErrorKind;
  readonly retryable: boolean;
  /** HTTP status, when the failure came with one. */
  readonly status?: number;

  constructor(kind: NewsErrorKind, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.retryable = RETRYABLE_KINDS.has(kind);
    if (options.status !== undefined) this.status = options.status;
  }
}

export function isNewsError(value: unknown): value is NewsError {
  return value instanceof NewsError;
}
