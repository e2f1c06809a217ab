/**
 * A real HTTP server speaking the OpenAI chat completions wire format, scripted per model, so the
 * real SDK and the real provider can be tested end to end without any network beyond 127.0.0.1.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type OpenAI from 'openai';

export type FakeRequestBody = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** What every scripted answer reports unless told otherwise. */
export const DEFAULT_USAGE: Readonly<FakeUsage> = Object.freeze({
  prompt_tokens: 100,
  completion_tokens: 20,
  total_tokens: 120,
});

export interface FakeToolCall {
  name: string;
  /** A string goes on the wire as is (so it may be malformed on purpose); an object is JSON-encoded. */
  arguments: string | Record<string, unknown>;
  id?: string;
}

interface Timing {
  /** Wait this long before answering. */
  delayMs?: number;
}

/** `null` omits the usage block, as some Ollama versions do. */
type UsageOption = { usage?: FakeUsage | null };

export type FakeToolCallsReply = Timing &
  UsageOption & { toolCalls: FakeToolCall[]; content?: string | null; finishReason?: string };
export type FakeTextReply = Timing & UsageOption & { content: string | null; finishReason?: string };
export type FakeErrorReply = Timing & {
  status: number;
  /** Sent as the Retry-After header. */
  retryAfter?: string;
  /** Sent as OpenAI's retry-after-ms header. */
  retryAfterMs?: string;
  /** JSON body; defaults to an OpenAI-style `{ error: { message, type, code } }`. */
  body?: unknown;
};
/** Exactly this JSON, for the non-standard shapes real servers produce. */
export type FakeRawReply = Timing & { raw: unknown; status?: number };
/** Exactly this text, e.g. a truncated body from a flaky proxy. */
export type FakeRawTextReply = Timing & { rawText: string; status?: number; contentType?: string };
/** Never answers; the connection stays open until the client gives up or the fake closes. */
export type FakeHangReply = { hang: true };

export type FakeReply =
  FakeToolCallsReply | FakeTextReply | FakeErrorReply | FakeRawReply | FakeRawTextReply | FakeHangReply;

export interface FakeRequest {
  model: string;
  body: FakeRequestBody;
  /** Lower-cased header names, as Node gives them. */
  headers: IncomingHttpHeaders;
  /** 0-based index among the requests for this model. */
  callIndex: number;
}

export type FakeHandler = (
  body: FakeRequestBody,
  callIndex: number,
  request: FakeRequest,
) => FakeReply | Promise<FakeReply>;

export interface FakeOpenAi {
  /** `http://127.0.0.1:<port>/v1`, ready for the SDK's baseURL. */
  readonly baseURL: string;
  readonly port: number;
  /** Scripts a model; '*' answers models without a script of their own. A reply is shorthand for always. */
  script(model: string, handler: FakeHandler | FakeReply): void;
  /** Requests received, in arrival order; for one model when given. */
  requests(model?: string): FakeRequest[];
  callCount(model?: string): number;
  /** Forgets requests and call counts, keeps scripts. */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeOpenAiOptions {
  /** Scripts to install up front, by model name ('*' for the default). */
  scripts?: Record<string, FakeHandler | FakeReply>;
}

export interface SequenceOptions {
  /** What to do once the replies run out: repeat the last one (default) or answer 400. */
  whenDone?: 'repeat-last' | 'fail';
}

/** Answers with the given replies in order, one per call. */
export function sequence(replies: readonly FakeReply[], options: SequenceOptions = {}): FakeHandler {
  if (replies.length === 0) throw new Error('sequence() needs at least one reply');
  const whenDone = options.whenDone ?? 'repeat-last';
  let next = 0;
  return () => {
    const reply = replies[next];
    if (reply !== undefined) {
      next++;
      return reply;
    }
    if (whenDone === 'fail') {
      return {
        status: 400,
        body: {
          error: {
            message: `fake script exhausted after ${replies.length} replies`,
            type: 'fake_script_exhausted',
            code: null,
          },
        },
      };
    }
    return replies[replies.length - 1] as FakeReply;
  };
}

export async function startFakeOpenAi(options: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  const scripts = new Map<string, FakeHandler>();
  const received: FakeRequest[] = [];
  const counts = new Map<string, number>();
  let completionSeq = 0;

  const script = (model: string, handler: FakeHandler | FakeReply): void => {
    scripts.set(model, typeof handler === 'function' ? handler : () => handler);
  };
  for (const [model, handler] of Object.entries(options.scripts ?? {})) script(model, handler);

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, errorBody(`fake server error: ${String(error)}`, 'server_error'));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') {
      const data = [...scripts.keys()]
        .filter((m) => m !== '*')
        .map((id) => ({ id, object: 'model', owned_by: 'fake' }));
      sendJson(res, 200, { object: 'list', data });
      return;
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      sendJson(res, 404, errorBody(`no route ${req.method} ${path}`, 'invalid_request_error'));
      return;
    }
    const text = await readBody(req);
    let body: FakeRequestBody;
    try {
      body = JSON.parse(text) as FakeRequestBody;
    } catch {
      sendJson(res, 400, errorBody('request body is not valid JSON', 'invalid_request_error'));
      return;
    }
    const model = typeof body.model === 'string' ? body.model : '';
    const callIndex = counts.get(model) ?? 0;
    counts.set(model, callIndex + 1);
    const request: FakeRequest = { model, body, headers: req.headers, callIndex };
    received.push(request);

    if ((body as { stream?: unknown }).stream === true) {
      sendJson(res, 400, errorBody('the fake does not stream', 'invalid_request_error'));
      return;
    }
    const handler = scripts.get(model) ?? scripts.get('*');
    if (!handler) {
      sendJson(
        res,
        404,
        errorBody(`The model \`${model}\` does not exist`, 'invalid_request_error', 'model_not_found'),
      );
      return;
    }
    const reply = await handler(body, callIndex, request);
    if ('hang' in reply) return; // the socket stays open; close() destroys it
    if (reply.delayMs) await delay(reply.delayMs);
    if (res.destroyed) return;
    completionSeq++;
    sendReply(res, reply, model, completionSeq, callIndex);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    script,
    requests: (model) => (model === undefined ? [...received] : received.filter((r) => r.model === model)),
    callCount: (model) =>
      model === undefined ? received.length : received.filter((r) => r.model === model).length,
    reset: () => {
      received.length = 0;
      counts.clear();
    },
    close: () => {
      // Idempotent, so a test may close early to prove nothing talks to it and still share an afterEach.
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hung requests and keep-alive sockets would otherwise hold close() open forever.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

type AnsweringReply = Exclude<FakeReply, FakeHangReply>;

function sendReply(
  res: ServerResponse,
  reply: AnsweringReply,
  model: string,
  seq: number,
  callIndex: number,
): void {
  if ('rawText' in reply) {
    res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'application/json' });
    res.end(reply.rawText);
    return;
  }
  if ('raw' in reply) {
    sendJson(res, reply.status ?? 200, reply.raw);
    return;
  }
  if ('status' in reply) {
    const headers: Record<string, string> = {};
    if (reply.retryAfter !== undefined) headers['retry-after'] = reply.retryAfter;
    if (reply.retryAfterMs !== undefined) headers['retry-after-ms'] = reply.retryAfterMs;
    const body = reply.body ?? errorBody(`fake ${reply.status}`, errorType(reply.status));
    sendJson(res, reply.status, body, headers);
    return;
  }
  const toolCalls = 'toolCalls' in reply ? reply.toolCalls : [];
  const message: Record<string, unknown> = { role: 'assistant', content: reply.content ?? null };
  if (toolCalls.length > 0) {
    message['tool_calls'] = toolCalls.map((call, i) => ({
      id: call.id ?? `call_fake_${callIndex}_${i}`,
      type: 'function',
      function: {
        name: call.name,
        arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
      },
    }));
  }
  const completion: Record<string, unknown> = {
    id: `chatcmpl-fake-${seq}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message,
        finish_reason: reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
      },
    ],
  };
  if (reply.usage !== null) completion['usage'] = reply.usage ?? DEFAULT_USAGE;
  sendJson(res, 200, completion);
}

function errorType(status: number): string {
  if (status === 401) return 'invalid_api_key';
  if (status === 429) return 'rate_limit_exceeded';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

function errorBody(message: string, type: string, code: string | null = null): unknown {
  return { error: { message, type, param: null, code } };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': `req_fake_${Date.now()}`,
    ...headers,
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
