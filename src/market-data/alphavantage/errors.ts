/**
 * Why an Alpha Vantage request failed. Alpha Vantage reports most failures with HTTP 200 and a
 * `Note` / `Information` / `Error Message` body, so callers branch on `kind`, never on status.
 */
export type AlphaVantageErrorKind =
  'rate_limit' | 'invalid_key' | 'unknown_symbol' | 'premium' | 'bad_payload' | 'server' | 'network';

/** Kinds where simply asking again (after a pause) can succeed; the rest need a human or a new plan. */
const RETRYABLE_KINDS: ReadonlySet<AlphaVantageErrorKind> = new Set(['server', 'network']);

export class AlphaVantageError extends Error {
  override readonly name = 'AlphaVantageError';
  readonly kind: AlphaVantageErrorKind;
  /** True when the client may retry the same request with backoff. */
  readonly retryable: boolean;
  /** HTTP status, when the failure came with one. */
  readonly status?: number;

  constructor(kind: AlphaVantageErrorKind, message: string, options: { status?: number } = {}) {
    super(message);
    this.kind = kind;
    this.retryable = RETRYABLE_KINDS.has(kind);
    if (options.status !== undefined) this.status = options.status;
  }
}

export function isAlphaVantageError(value: unknown): value is AlphaVantageError {
  return value instanceof AlphaVantageError;
}
