import { STATUS_CODES } from 'node:http';
import OpenAI from 'openai';
import { redactUrl, redactUrlsIn } from '../core/redact-url.js';
import {
  ProviderError,
  type ChatMessage,
  type CompletionRequest,
  type CompletionResponse,
  type LlmProvider,
  type TokenUsage,
} from './provider.js';
import { abortedError, abortableSleep, parseRetryAfter, withRetry, type Sleep } from './retry.js';
import { normaliseToolCalls } from './tool-call-parsing.js';

type WireMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type WireAssistantMessage = OpenAI.Chat.Completions.ChatCompletionAssistantMessageParam;
type WireParams = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

export interface OpenAiCompatibleProviderOptions {
  /** The model name sent to the API (the config's basemodel). */
  model: string;
  /** e.g. https://openrouter.ai/api/v1, http://localhost:11434/v1; the SDK's default (OpenAI) when absent. */
  baseURL?: string;
  /** Falls back to OPENAI_API_KEY, then to a placeholder, since local servers (Ollama, vLLM) need none. */
  apiKey?: string;
  /** The model's name in the arena (its signature), for error messages; the basemodel when absent. */
  name?: string;
  /** Which setting the key came from (`OPENAI_API_KEY`, `models[x].openai_api_key`), named in errors; never the key. */
  keySetting?: string;
  /** Retries after the first attempt, for rate limits, 5xx, timeouts and dropped connections. */
  maxRetries?: number;
  baseDelayMs?: number;
  /** Sent as the API's `seed` (a run of a job with repeats); absent, no seed is sent. */
  seed?: number;
  /** Per attempt. */
  timeoutMs?: number;
  sleep?: Sleep;
  now?: () => number;
  random?: () => number;
  defaultHeaders?: Record<string, string>;
}

/** Any server speaking the OpenAI chat completions API: OpenAI, OpenRouter, DeepSeek, DashScope, vLLM, Ollama. */
export class OpenAiCompatibleProvider implements LlmProvider {
  readonly modelId: string;
  private readonly client: OpenAI;
  private readonly apiKey: string;
  private readonly hasKey: boolean;
  private readonly name: string | undefined;
  private readonly keySetting: string | undefined;
  private readonly maxRetries: number;
  private readonly baseDelayMs: number;
  private readonly timeoutMs: number;
  private readonly sleep: Sleep;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly seed: number | undefined;

  constructor(options: OpenAiCompatibleProviderOptions) {
    this.modelId = options.model;
    // Local servers (Ollama, vLLM) take no key, but the SDK insists on one; the config layer passes the
    // model's key or OPENAI_API_KEY explicitly.
    this.apiKey = options.apiKey ?? 'no-api-key';
    this.hasKey = options.apiKey !== undefined;
    this.name = options.name;
    this.keySetting = options.keySetting;
    this.maxRetries = options.maxRetries ?? 3;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.timeoutMs = Math.max(1, Math.round(options.timeoutMs ?? 120_000));
    this.sleep = options.sleep ?? abortableSleep;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.seed = options.seed;
    this.client = new OpenAI({
      apiKey: this.apiKey,
      baseURL: options.baseURL,
      defaultHeaders: options.defaultHeaders,
      // Retrying is ours (retry.ts) so that attempts are counted and the backoff is injectable.
      maxRetries: 0,
      timeout: this.timeoutMs,
    });
  }

  async complete(request: CompletionRequest, signal?: AbortSignal): Promise<CompletionResponse> {
    const started = this.now();
    const params = toWireParams(this.modelId, request, this.seed);
    // Reading the body happens inside the retry loop: some gateways report retryable failures in a 200.
    const { value, attempts } = await withRetry(
      async () => toCompletionResponse(await this.attemptOnce(params, signal), this.modelId),
      {
        maxRetries: this.maxRetries,
        baseDelayMs: this.baseDelayMs,
        sleep: this.sleep,
        random: this.random,
        signal,
      },
    ).catch((error: unknown) => {
      throw error instanceof ProviderError ? this.redactError(error) : error;
    });
    return { ...value, latencyMs: this.now() - started, attempts };
  }

  /** One HTTP request, with every failure turned into a ProviderError that says whether to retry. */
  private async attemptOnce(params: WireParams, signal: AbortSignal | undefined): Promise<unknown> {
    // Our own timer covers the whole attempt: the SDK's only covers the wait for response headers.
    const timer = new AbortController();
    let timedOut = false;
    const handle = setTimeout(() => {
      timedOut = true;
      timer.abort();
    }, this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timer.signal]) : timer.signal;
    try {
      return await this.client.chat.completions.create(params, { signal: combined });
    } catch (error) {
      if (signal?.aborted) throw abortedError();
      if (timedOut || error instanceof OpenAI.APIConnectionTimeoutError) {
        throw new ProviderError('timeout', `${this.describe()}: no response within ${this.timeoutMs} ms`);
      }
      throw this.classify(error);
    } finally {
      clearTimeout(handle);
    }
  }

  private classify(error: unknown): ProviderError {
    const prefix = this.describe();
    if (error instanceof OpenAI.APIConnectionError) {
      return new ProviderError(
        'network',
        this.redact(`${prefix}: connection failed: ${causeChain(error.cause)}`),
      );
    }
    if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
      const status = error.status;
      const what =
        status === 401 || status === 403
          ? this.describeKeyRefusal(status)
          : `HTTP ${status} ${STATUS_CODES[status] ?? ''}`.trim();
      // The provider's own words (its error body) go to the log, not into the day's public error.
      const message = this.redact(`${prefix}: ${what} (the provider's answer is in the server log)`);
      const retryAfterMs = parseRetryAfter(error.headers, this.now());
      const kind = statusKind(status);
      return new ProviderError(kind, message, { status, retryAfterMs, upstream: this.redact(error.message) });
    }
    // A 200 whose body the SDK could not read (malformed JSON from a proxy, say).
    const detail = error instanceof Error ? error.message : String(error);
    return new ProviderError('bad_response', this.redact(`${prefix}: unreadable response: ${detail}`), {
      retryable: false,
    });
  }

  private redactError(error: ProviderError): ProviderError {
    const message = this.redact(error.message);
    const upstream = error.upstream === undefined ? undefined : this.redact(error.upstream);
    if (message === error.message && upstream === error.upstream) return error;
    return new ProviderError(error.kind, message, {
      status: error.status,
      retryable: error.retryable,
      retryAfterMs: error.retryAfterMs,
      attempts: error.attempts,
      upstream,
    });
  }

  /** Which model, where, and with which key setting: what a user needs to find a misconfiguration. */
  private describe(): string {
    const model =
      this.name === undefined || this.name === this.modelId ? this.modelId : `${this.name} (${this.modelId})`;
    const key = this.hasKey ? `key from ${this.keySetting ?? 'the config'}` : 'no API key';
    return `model ${model} at ${redactUrl(this.client.baseURL)}, ${key}`;
  }

  private describeKeyRefusal(status: number): string {
    return this.hasKey
      ? `the API key from ${this.keySetting ?? 'the config'} was refused (HTTP ${status})`
      : `no API key is set (OPENAI_API_KEY or the model's openai_api_key) and the server requires one (HTTP ${status})`;
  }

  /**
   * Some servers echo the key back in their error text, and URLs (a cause's, a proxy's) may carry
   * credentials: neither may reach logs or the UI.
   */
  private redact(text: string): string {
    const withoutKey = this.apiKey.length >= 4 ? text.split(this.apiKey).join('[redacted]') : text;
    return redactUrlsIn(withoutKey);
  }
}

/**
 * fetch() rejects with a bare "fetch failed"; the reason a user can act on (ECONNREFUSED, ENOTFOUND,
 * a TLS error) sits further down the `cause` chain.
 */
function causeChain(error: unknown): string {
  const parts: string[] = [];
  for (let cause = error, depth = 0; cause instanceof Error && depth < 4; cause = cause.cause, depth++) {
    const code = (cause as { code?: unknown }).code;
    const text =
      typeof code === 'string' && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message;
    if (text !== '' && !parts.includes(text)) parts.push(text);
  }
  return parts.length === 0 ? 'no reason given' : parts.join(' <- ');
}

function statusKind(status: number): ProviderError['kind'] {
  if (status === 429) return 'rate_limit';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server';
  return 'bad_request';
}

export function toWireParams(model: string, request: CompletionRequest, seed?: number): WireParams {
  const params: WireParams = { model, messages: request.messages.map(toWireMessage) };
  // Several servers reject tool_choice without tools, or an empty tools array.
  if (request.tools && request.tools.length > 0) {
    params.tools = request.tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    }));
    params.tool_choice = 'auto';
  }
  if (request.temperature !== undefined) params.temperature = request.temperature;
  // max_tokens, not max_completion_tokens: it is the one every compatible server understands.
  if (request.maxTokens !== undefined) params.max_tokens = request.maxTokens;
  // Last, and only when asked for: a request without a seed is byte for byte what it always was.
  if (seed !== undefined) params.seed = seed;
  return params;
}

function toWireMessage(message: ChatMessage): WireMessage {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
    case 'assistant': {
      const wire: WireAssistantMessage = { role: 'assistant', content: message.content };
      if (message.toolCalls && message.toolCalls.length > 0) {
        wire.tool_calls = message.toolCalls.map((call) => ({
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
        }));
      }
      return wire;
    }
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
}

/** Reads a chat completion body defensively: compatible servers omit or vary many fields. */
export function toCompletionResponse(
  raw: unknown,
  requestedModel: string,
): Omit<CompletionResponse, 'latencyMs' | 'attempts'> {
  // Servers that forget the JSON content type leave the SDK handing us text.
  const body = typeof raw === 'string' ? tryParseJson(raw) : raw;
  if (!isRecord(body)) {
    throw new ProviderError('bad_response', `model ${requestedModel}: response is not a JSON object`);
  }
  const choices = body['choices'];
  const choice = Array.isArray(choices) ? choices[0] : undefined;
  if (!isRecord(choice)) throw bodyError(body, requestedModel);
  const message = isRecord(choice['message']) ? choice['message'] : {};
  return {
    content: textContent(message['content']),
    toolCalls: normaliseToolCalls(message),
    usage: readUsage(body['usage']),
    finishReason: typeof choice['finish_reason'] === 'string' ? choice['finish_reason'] : null,
    model: typeof body['model'] === 'string' && body['model'] !== '' ? body['model'] : requestedModel,
  };
}

/** OpenRouter reports upstream failures as HTTP 200 with an `error` object and no choices. */
function bodyError(body: Record<string, unknown>, model: string): ProviderError {
  const error = body['error'];
  if (!isRecord(error)) return new ProviderError('bad_response', `model ${model}: response has no choices`);
  const code = typeof error['code'] === 'number' ? error['code'] : undefined;
  const text = typeof error['message'] === 'string' ? error['message'] : JSON.stringify(error);
  const kind = code === undefined ? 'bad_response' : statusKind(code);
  const coded = code === undefined ? '' : ` (code ${code})`;
  return new ProviderError(
    kind,
    `model ${model}: error in response body${coded} (the provider's answer is in the server log)`,
    {
      ...(code === undefined ? {} : { status: code }),
      retryable: kind !== 'bad_response' && kind !== 'bad_request' && kind !== 'auth',
      upstream: text,
    },
  );
}

function textContent(content: unknown): string | null {
  if (typeof content === 'string') return content;
  // Content-part arrays: keep the text parts, in order.
  if (Array.isArray(content)) {
    const texts = content.flatMap((part) =>
      isRecord(part) && typeof part['text'] === 'string' ? [part['text']] : [],
    );
    return texts.length > 0 ? texts.join('') : null;
  }
  return null;
}

function readUsage(usage: unknown): TokenUsage {
  const record = isRecord(usage) ? usage : {};
  const promptTokens = count(record['prompt_tokens']);
  const completionTokens = count(record['completion_tokens']);
  const total = count(record['total_tokens']);
  return { promptTokens, completionTokens, totalTokens: total > 0 ? total : promptTokens + completionTokens };
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
