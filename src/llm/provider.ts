/** A function the model may call, described the way every OpenAI-compatible API expects it. */
export interface ToolSpec {
  name: string;
  description: string;
  /** A JSON Schema object describing the arguments. */
  parameters: Record<string, unknown>;
}

/** A tool call as it goes back into the conversation history. */
export interface ToolCallRequest {
  id: string;
  name: string;
  /** Raw JSON text, echoed back verbatim so the provider sees exactly what the model produced. */
  arguments: string;
}

export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; toolCalls?: ToolCallRequest[] }
  | { role: 'tool'; toolCallId: string; name: string; content: string };

/**
 * A tool call from a response. Arguments the model garbled are reported with `error` instead of
 * throwing, so the caller can tell the model what went wrong and let it try again.
 */
export type ParsedToolCall =
  | { id: string; name: string; args: Record<string, unknown>; rawArguments: string }
  | { id: string; name: string; error: string; rawArguments: string };

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface CompletionRequest {
  messages: readonly ChatMessage[];
  tools?: readonly ToolSpec[];
  temperature?: number;
  maxTokens?: number;
}

export interface CompletionResponse {
  content: string | null;
  toolCalls: ParsedToolCall[];
  usage: TokenUsage;
  finishReason: string | null;
  /** The model the server says answered, which may differ from the one requested (aliases, routers). */
  model: string;
  /** Wall time of the whole `complete` call, retries and backoff included. */
  latencyMs: number;
  /** HTTP requests it took, 1 when the first one succeeded. */
  attempts: number;
}

export interface LlmProvider {
  readonly modelId: string;
  complete(request: CompletionRequest, signal?: AbortSignal): Promise<CompletionResponse>;
}

export type ProviderErrorKind =
  | 'rate_limit'
  | 'server'
  | 'timeout'
  | 'network'
  | 'auth'
  | 'bad_request'
  | 'bad_response'
  | 'replay_mismatch'
  | 'replay_exhausted'
  /** The caller's AbortSignal fired; never retried. */
  | 'aborted';

const RETRYABLE_BY_DEFAULT: ReadonlySet<ProviderErrorKind> = new Set([
  'rate_limit',
  'server',
  'timeout',
  'network',
]);

export interface ProviderErrorDetails {
  status?: number;
  retryable?: boolean;
  /** How long the server asked us to wait before retrying (Retry-After), in milliseconds. */
  retryAfterMs?: number;
  /** Requests made before giving up. */
  attempts?: number;
  cause?: unknown;
  /**
   * What the provider itself said (its error body): for the server log only. It may quote anything
   * (the request, the key, the upstream's internals), so it never becomes the day's public error.
   */
  upstream?: string;
}

/** The one error type every provider throws, so callers can branch on `kind` whatever the backend. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly kind: ProviderErrorKind;
  readonly status?: number;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly attempts?: number;
  readonly upstream?: string;

  constructor(kind: ProviderErrorKind, message: string, details: ProviderErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.retryable = details.retryable ?? RETRYABLE_BY_DEFAULT.has(kind);
    if (details.status !== undefined) this.status = details.status;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.attempts !== undefined) this.attempts = details.attempts;
    if (details.upstream !== undefined) this.upstream = details.upstream;
  }
}
