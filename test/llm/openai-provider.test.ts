import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  OpenAiCompatibleProvider,
  type OpenAiCompatibleProviderOptions,
} from '../../src/llm/openai-provider.js';
import { ProviderError, type CompletionRequest, type ToolSpec } from '../../src/llm/provider.js';
import { DEFAULT_USAGE, sequence, startFakeOpenAi, type FakeOpenAi } from '../fakes/fake-openai.js';

const MODEL = 'gpt-test';
const API_KEY = 'sk-test-secret-0123456789';
/** Long enough that a cold first request on a busy CI box is not mistaken for a hang. */
const HANG_TIMEOUT_MS = 400;

const BUY: ToolSpec = {
  name: 'buy',
  description: 'Buy shares at the open',
  parameters: {
    type: 'object',
    properties: { symbol: { type: 'string' }, amount: { type: 'integer' } },
    required: ['symbol', 'amount'],
  },
};

const REQUEST: CompletionRequest = {
  messages: [
    { role: 'system', content: 'You are a trader.' },
    { role: 'user', content: 'Today is 2025-10-01.' },
  ],
  tools: [BUY],
};

let fake: FakeOpenAi;
let sleeps: number[];

beforeEach(async () => {
  fake = await startFakeOpenAi();
  sleeps = [];
});

afterEach(async () => {
  await fake.close();
});

function provider(overrides: Partial<OpenAiCompatibleProviderOptions> = {}): OpenAiCompatibleProvider {
  return new OpenAiCompatibleProvider({
    model: MODEL,
    baseURL: fake.baseURL,
    apiKey: API_KEY,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('OpenAiCompatibleProvider against a real HTTP server', () => {
  it('returns a plain text answer with usage, model and one attempt', async () => {
    fake.script(MODEL, { content: 'I will hold today.' });
    const response = await provider().complete(REQUEST);
    expect(response).toMatchObject({
      content: 'I will hold today.',
      toolCalls: [],
      usage: {
        promptTokens: DEFAULT_USAGE.prompt_tokens,
        completionTokens: DEFAULT_USAGE.completion_tokens,
        totalTokens: DEFAULT_USAGE.total_tokens,
      },
      finishReason: 'stop',
      model: MODEL,
      attempts: 1,
    });
    expect(response.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('sends messages, tools, tool_choice and sampling settings in the wire format', async () => {
    fake.script(MODEL, { content: 'ok' });
    await provider().complete({
      messages: [
        ...REQUEST.messages,
        {
          role: 'assistant',
          content: null,
          toolCalls: [{ id: 'call_1', name: 'buy', arguments: '{"symbol":"AAPL","amount":1}' }],
        },
        { role: 'tool', toolCallId: 'call_1', name: 'buy', content: 'bought 1 AAPL' },
      ],
      tools: [BUY],
      temperature: 0.2,
      maxTokens: 500,
    });
    const [request] = fake.requests(MODEL);
    expect(request?.body).toMatchObject({
      model: MODEL,
      tool_choice: 'auto',
      temperature: 0.2,
      max_tokens: 500,
      tools: [
        {
          type: 'function',
          function: { name: 'buy', description: BUY.description, parameters: BUY.parameters },
        },
      ],
      messages: [
        { role: 'system', content: 'You are a trader.' },
        { role: 'user', content: 'Today is 2025-10-01.' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'buy', arguments: '{"symbol":"AAPL","amount":1}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'bought 1 AAPL' },
      ],
    });
  });

  it('omits tools and tool_choice when there are no tools', async () => {
    fake.script(MODEL, { content: 'ok' });
    await provider().complete({ messages: REQUEST.messages });
    const body = fake.requests(MODEL)[0]?.body;
    expect(body).not.toHaveProperty('tools');
    expect(body).not.toHaveProperty('tool_choice');
  });

  it('carries the API key in the authorization header, and custom headers', async () => {
    fake.script(MODEL, { content: 'ok' });
    await provider({ defaultHeaders: { 'X-Title': 'AI-Trader' } }).complete(REQUEST);
    const headers = fake.requests(MODEL)[0]?.headers;
    expect(headers?.authorization).toBe(`Bearer ${API_KEY}`);
    expect(headers?.['x-title']).toBe('AI-Trader');
  });

  it('parses tool call arguments sent as a JSON string', async () => {
    fake.script(MODEL, {
      toolCalls: [{ id: 'call_9', name: 'buy', arguments: '{"symbol":"AAPL","amount":10}' }],
    });
    const response = await provider().complete(REQUEST);
    expect(response.finishReason).toBe('tool_calls');
    expect(response.content).toBeNull();
    expect(response.toolCalls).toEqual([
      {
        id: 'call_9',
        name: 'buy',
        args: { symbol: 'AAPL', amount: 10 },
        rawArguments: '{"symbol":"AAPL","amount":10}',
      },
    ]);
  });

  it('parses tool call arguments sent double-encoded', async () => {
    const doubly = JSON.stringify(JSON.stringify({ symbol: 'MSFT', amount: 2 }));
    fake.script(MODEL, { toolCalls: [{ id: 'c', name: 'buy', arguments: doubly }] });
    const [call] = (await provider().complete(REQUEST)).toolCalls;
    expect(call).toEqual({ id: 'c', name: 'buy', args: { symbol: 'MSFT', amount: 2 }, rawArguments: doubly });
  });

  it('parses tool call arguments sent as an object, with no id and content missing', async () => {
    fake.script(MODEL, {
      raw: {
        id: 'x',
        object: 'chat.completion',
        model: MODEL,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              tool_calls: [
                { type: 'function', function: { name: 'buy', arguments: { symbol: 'NVDA', amount: 4 } } },
              ],
            },
            finish_reason: 'stop',
          },
        ],
      },
    });
    const response = await provider().complete(REQUEST);
    expect(response.content).toBeNull();
    expect(response.finishReason).toBe('stop');
    expect(response.toolCalls).toEqual([
      {
        id: 'call_0',
        name: 'buy',
        args: { symbol: 'NVDA', amount: 4 },
        rawArguments: '{"symbol":"NVDA","amount":4}',
      },
    ]);
  });

  it('reads the non-standard {name, args, id} shape, without usage or model (Ollama-style)', async () => {
    fake.script(MODEL, {
      raw: {
        choices: [
          {
            message: {
              role: 'assistant',
              content: '',
              tool_calls: [{ id: 't1', name: 'sell', args: { symbol: 'AMD', amount: 1 } }],
            },
          },
        ],
      },
    });
    const response = await provider().complete(REQUEST);
    expect(response.toolCalls).toEqual([
      {
        id: 't1',
        name: 'sell',
        args: { symbol: 'AMD', amount: 1 },
        rawArguments: '{"symbol":"AMD","amount":1}',
      },
    ]);
    expect(response.usage).toEqual({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });
    expect(response.model).toBe(MODEL);
    expect(response.finishReason).toBeNull();
  });

  it('reports unparseable arguments on the call instead of throwing', async () => {
    fake.script(MODEL, {
      toolCalls: [
        { id: 'good', name: 'buy', arguments: { symbol: 'AAPL', amount: 1 } },
        { id: 'bad', name: 'buy', arguments: '{"symbol": AAPL' },
      ],
      content: 'Buying.',
    });
    const response = await provider().complete(REQUEST);
    expect(response.content).toBe('Buying.');
    expect(response.toolCalls[0]).toMatchObject({ id: 'good', args: { symbol: 'AAPL', amount: 1 } });
    expect(response.toolCalls[1]).toMatchObject({ id: 'bad', name: 'buy', rawArguments: '{"symbol": AAPL' });
    expect(response.toolCalls[1]).toHaveProperty('error', expect.stringContaining('not valid JSON'));
  });

  it('records usage as reported, and totals it when the server leaves total out', async () => {
    fake.script(
      MODEL,
      sequence([
        { content: 'a', usage: { prompt_tokens: 1234, completion_tokens: 56, total_tokens: 1290 } },
        {
          raw: {
            model: 'gpt-test-2025',
            choices: [{ message: { content: 'b' } }],
            usage: { prompt_tokens: 10, completion_tokens: 5 },
          },
        },
      ]),
    );
    const first = await provider().complete(REQUEST);
    expect(first.usage).toEqual({ promptTokens: 1234, completionTokens: 56, totalTokens: 1290 });
    const second = await provider().complete(REQUEST);
    expect(second.usage).toEqual({ promptTokens: 10, completionTokens: 5, totalTokens: 15 });
    expect(second.model).toBe('gpt-test-2025');
  });

  it('retries a 500 then a 429, honouring Retry-After, and succeeds on the third attempt', async () => {
    fake.script(MODEL, sequence([{ status: 500 }, { status: 429, retryAfter: '0' }, { content: 'finally' }]));
    const response = await provider({ maxRetries: 3, baseDelayMs: 1000 }).complete(REQUEST);
    expect(response.content).toBe('finally');
    expect(response.attempts).toBe(3);
    expect(fake.callCount(MODEL)).toBe(3);
    // First wait is jittered backoff (random pinned to 0 → half the base), second is the server's 0 s.
    expect(sleeps).toEqual([500, 0]);
  });

  it('honours retry-after-ms and an HTTP-date Retry-After', async () => {
    const now = Date.parse('2025-10-01T12:00:00Z');
    fake.script(
      MODEL,
      sequence([
        { status: 429, retryAfterMs: '1500' },
        { status: 503, retryAfter: 'Wed, 01 Oct 2025 12:00:07 GMT' },
        { content: 'ok' },
      ]),
    );
    await provider({ now: () => now }).complete(REQUEST);
    expect(sleeps).toEqual([1500, 7000]);
  });

  it('gives up on a server that always fails, after maxRetries + 1 requests', async () => {
    fake.script(MODEL, {
      status: 500,
      body: { error: { message: 'upstream exploded', type: 'server_error' } },
    });
    const error = await failure(provider({ maxRetries: 2 }).complete(REQUEST));
    expect(error).toMatchObject({ kind: 'server', status: 500, retryable: true, attempts: 3 });
    // The provider's own words are for the log; the message (public as the day's error) has the status.
    expect(error.message).toContain('HTTP 500 Internal Server Error');
    expect(error.message).not.toContain('upstream exploded');
    expect(error.upstream).toContain('upstream exploded');
    expect(fake.callCount(MODEL)).toBe(3);
    expect(sleeps).toHaveLength(2);
  });

  it('fails a 401 as auth at once, without retrying, and never shows the key', async () => {
    fake.script(MODEL, {
      status: 401,
      body: {
        error: {
          message: `Incorrect API key provided: ${API_KEY}.`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      },
    });
    const error = await failure(provider().complete(REQUEST));
    expect(error).toMatchObject({ kind: 'auth', status: 401, retryable: false });
    expect(fake.callCount(MODEL)).toBe(1);
    expect(sleeps).toEqual([]);
    expect(error.message).not.toContain('Incorrect API key provided');
    expect(error.upstream).toContain('Incorrect API key provided');
    expect(error.message).not.toContain(API_KEY);
    expect(error.upstream).not.toContain(API_KEY);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
    expect(String(error.stack)).not.toContain(API_KEY);
  });

  it.each([
    [400, 'bad_request'],
    [403, 'auth'],
    [404, 'bad_request'],
  ] as const)('does not retry a %i (%s)', async (status, kind) => {
    fake.script(MODEL, { status });
    const error = await failure(provider().complete(REQUEST));
    expect(error).toMatchObject({ kind, status, retryable: false });
    expect(fake.callCount(MODEL)).toBe(1);
  });

  it('times out a hung request, retries it, and reports timeout', async () => {
    fake.script(MODEL, { hang: true });
    const error = await failure(provider({ timeoutMs: HANG_TIMEOUT_MS, maxRetries: 1 }).complete(REQUEST));
    expect(error).toMatchObject({ kind: 'timeout', retryable: true, attempts: 2 });
    expect(fake.callCount(MODEL)).toBe(2);
  });

  it('recovers when a hung request is followed by an answer', async () => {
    fake.script(MODEL, sequence([{ hang: true }, { content: 'back' }]));
    const response = await provider({ timeoutMs: HANG_TIMEOUT_MS }).complete(REQUEST);
    expect(response).toMatchObject({ content: 'back', attempts: 2 });
  });

  it('times out a response that starts too late', async () => {
    fake.script(MODEL, sequence([{ content: 'late', delayMs: HANG_TIMEOUT_MS * 4 }, { content: 'on time' }]));
    const response = await provider({ timeoutMs: HANG_TIMEOUT_MS }).complete(REQUEST);
    expect(response).toMatchObject({ content: 'on time', attempts: 2 });
  });

  it('reports a refused connection as a network error after retrying', async () => {
    const closed = await startFakeOpenAi();
    const baseURL = closed.baseURL;
    await closed.close();
    const error = await failure(provider({ baseURL, maxRetries: 1 }).complete(REQUEST));
    expect(error).toMatchObject({ kind: 'network', retryable: true, attempts: 2 });
    expect(error.message).not.toContain(API_KEY);
  });

  it('names the model, the base URL, the key setting and the socket error of a refused connection', async () => {
    const closed = await startFakeOpenAi();
    const baseURL = closed.baseURL;
    await closed.close();
    const error = await failure(
      provider({ baseURL, maxRetries: 0, name: 'gpt-4o', keySetting: 'OPENAI_API_KEY' }).complete(REQUEST),
    );
    expect(error.message).toContain(`model gpt-4o (${MODEL}) at ${baseURL}`);
    expect(error.message).toContain('key from OPENAI_API_KEY');
    expect(error.message).toMatch(/connection failed: .*ECONNREFUSED/);
    expect(error.message).not.toContain(API_KEY);
  });

  it.each([401, 403])('says a %i means the key was refused, and which setting held it', async (status) => {
    fake.script(MODEL, { status, body: { error: { message: `bad key ${API_KEY}` } } });
    const error = await failure(
      provider({ name: 'gpt-4o', keySetting: 'models[gpt-4o].openai_api_key' }).complete(REQUEST),
    );
    expect(error.message).toContain(`model gpt-4o (${MODEL}) at ${fake.baseURL}`);
    expect(error.message).toContain(
      `the API key from models[gpt-4o].openai_api_key was refused (HTTP ${status})`,
    );
    expect(error.message).not.toContain(API_KEY);
  });

  it('says no key was set when a 401 comes without one', async () => {
    fake.script(MODEL, { status: 401 });
    const error = await failure(provider({ apiKey: undefined, name: 'local' }).complete(REQUEST));
    expect(error.message).toContain(
      "no API key is set (OPENAI_API_KEY or the model's openai_api_key) and the server requires one (HTTP 401)",
    );
  });

  it('stops at once when the caller aborts', async () => {
    const controller = new AbortController();
    fake.script(MODEL, () => {
      // Abort only once the request has arrived, so the test is about an in-flight call.
      setTimeout(() => controller.abort(), 10);
      return { hang: true };
    });
    const error = await failure(provider({ timeoutMs: 10_000 }).complete(REQUEST, controller.signal));
    expect(error).toMatchObject({ kind: 'aborted', retryable: false });
    expect(fake.callCount(MODEL)).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('does not even send a request when the signal has already fired', async () => {
    fake.script(MODEL, { content: 'never' });
    const error = await failure(provider().complete(REQUEST, AbortSignal.abort()));
    expect(error.kind).toBe('aborted');
    expect(fake.callCount()).toBe(0);
  });

  it('retries an error reported inside a 200 body (OpenRouter-style)', async () => {
    fake.script(
      MODEL,
      sequence([{ raw: { error: { message: 'Provider returned error', code: 502 } } }, { content: 'ok' }]),
    );
    const response = await provider().complete(REQUEST);
    expect(response).toMatchObject({ content: 'ok', attempts: 2 });
  });

  it('fails a body it cannot read as bad_response without retrying', async () => {
    fake.script(MODEL, { rawText: '{"choices": [', contentType: 'application/json' });
    const error = await failure(provider().complete(REQUEST));
    expect(error).toMatchObject({ kind: 'bad_response', retryable: false });
    expect(fake.callCount(MODEL)).toBe(1);

    fake.script(MODEL, { raw: { object: 'chat.completion', choices: [] } });
    expect(await failure(provider().complete(REQUEST))).toMatchObject({ kind: 'bad_response' });
  });

  it('joins text parts when content comes as an array', async () => {
    fake.script(MODEL, {
      raw: {
        choices: [
          {
            message: {
              content: [
                { type: 'text', text: 'Hold ' },
                { type: 'text', text: 'all.' },
              ],
            },
          },
        ],
      },
    });
    expect((await provider().complete(REQUEST)).content).toBe('Hold all.');
  });
});
