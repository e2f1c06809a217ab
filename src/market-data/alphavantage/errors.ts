/**
 * Why an Alpha Vantage request failed. Alpha Vantage reports most failures with HTTP 200 and a
 * `Note` / `Information` / `Error Message` body, so callers branch on `kind`, never on status.
 * `rate_limit` is a per-minute or burst answer (slow down and ask again); `daily_limit` means the
 * key's allowance for the day is spent (asking again today is pointless).
 */
export type AlphaVantageErrorKind =
  | 'rate_limit'
  | 'daily_limit'
  | 'invalid_key'
  | 'unknown_symbol'
  | 'premium'
  | 'bad_payload'
  | 'server'
  | 'network';

/** Kinds where simply asking again (after a pause) can succeed; the rest need a human or a new plan. */
const RETRYABLE_KINDS: ReadonlySet<AlphaVantageErrorKind> = new Set(['server', 'network']);

export interface AlphaVantageErrorOptions {
  status?: number;
  /** The server's own words (`Note` / `Information` / `Error Message` text), with the key redacted. */
  notice?: string;
  /** How long the server asked us to wait (an HTTP `Retry-After`), in milliseconds. */
  retryAfterMs?: number;
  /** The start of a failed answer's body, key redacted: for the log only, never a job's warnings. */
  upstream?: string;
}

export class AlphaVantageError extends Error {
  override readonly name = 'AlphaVantageError';
  readonly kind: AlphaVantageErrorKind;
  /** True when the client may retry the same request with backoff. */
  readonly retryable: boolean;
  /** HTTP status, when the failure came with one. */
  readonly status?: number;
  readonly notice?: string;
  readonly retryAfterMs?: number;
  readonly upstream?: string;

  constructor(kind: AlphaVantageErrorKind, message: string, options: AlphaVantageErrorOptions = {}) {
    super(message);
    this.kind = kind;
    this.retryable = RETRYABLE_KINDS.has(kind);
    if (options.status !== undefined) this.status = options.status;
    if (options.notice !== undefined) this.notice = options.notice;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.upstream !== undefined) this.upstream = options.upstream;
  }
}

export function isAlphaVantageError(value: unknown): value is AlphaVantageError {
  return value instanceof AlphaVantageError;
}
