import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CASSETTE_VERSION,
  loadCassette,
  requestFingerprint,
  saveCassette,
  type Cassette,
} from '../../src/llm/cassette.js';
import { OpenAiCompatibleProvider } from '../../src/llm/openai-provider.js';
import {
  ProviderError,
  type ChatMessage,
  type CompletionRequest,
  type ToolSpec,
} from '../../src/llm/provider.js';
import { RecordingProvider } from '../../src/llm/recording-provider.js';
import { ReplayProvider } from '../../src/llm/replay-provider.js';
import { sequence, startFakeOpenAi, type FakeOpenAi } from '../fakes/fake-openai.js';

const MODEL = 'replay-model';

const PRICE: ToolSpec = {
  name: 'get_price',
  description: 'Opening price of a symbol today',
  parameters: { type: 'object', properties: { symbol: { type: 'string' } }, required: ['symbol'] },
};

const OPENING: ChatMessage[] = [
  { role: 'system', content: 'You trade NASDAQ-100 stocks.' },
  { role: 'user', content: 'Today is 2025-10-02. Decide.' },
];

let fake: FakeOpenAi;
let dir: string;

beforeEach(async () => {
  fake = await startFakeOpenAi();
  dir = await mkdtemp(join(tmpdir(), 'cassette-'));
});

afterEach(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

/** A two-turn conversation: the model asks for a price, then answers in text. */
async function converse(provider: { complete(r: CompletionRequest): Promise<unknown> }): Promise<unknown[]> {
  const first = (await provider.complete({ messages: OPENING, tools: [PRICE], temperature: 0 })) as {
    toolCalls: { id: string; name: string; rawArguments: string }[];
  };
  const call = first.toolCalls[0];
  if (!call) throw new Error('expected a tool call');
  const second = await provider.complete({
    messages: [
      ...OPENING,
      {
        role: 'assistant',
        content: null,
        toolCalls: [{ id: call.id, name: call.name, arguments: call.rawArguments }],
      },
      { role: 'tool', toolCallId: call.id, name: call.name, content: '{"symbol":"AAPL","open":226.5}' },
    ],
    tools: [PRICE],
    temperature: 0,
  });
  return [first, second];
}

async function recordConversation(): Promise<{ responses: unknown[]; cassette: Cassette }> {
  fake.script(
    MODEL,
    sequence([
      {
        toolCalls: [{ id: 'call_p', name: 'get_price', arguments: { symbol: 'AAPL' } }],
        content: 'Checking.',
      },
      { content: 'Holding AAPL.', usage: { prompt_tokens: 300, completion_tokens: 12, total_tokens: 312 } },
    ]),
  );
  const recorder = new RecordingProvider(
    new OpenAiCompatibleProvider({
      model: MODEL,
      baseURL: fake.baseURL,
      apiKey: 'sk-rec',
      sleep: async () => {},
    }),
  );
  const responses = await converse(recorder);
  return { responses, cassette: recorder.cassette() };
}

describe('record and replay', () => {
  it('records each request with its fingerprint and response', async () => {
    const { responses, cassette } = await recordConversation();
    expect(cassette.version).toBe(CASSETTE_VERSION);
    expect(cassette.modelId).toBe(MODEL);
    expect(cassette.interactions).toHaveLength(2);
    const [first, second] = cassette.interactions;
    expect(first?.request).toEqual({ messages: OPENING, tools: [PRICE], temperature: 0 });
    expect(first?.fingerprint).toBe(requestFingerprint({ messages: OPENING, tools: [PRICE] }));
    expect(first?.response).toEqual(responses[0]);
    expect(second?.response).toEqual(responses[1]);
    expect(second?.request.messages).toHaveLength(4);
  });

  it('replays identical responses from a saved cassette with the server closed', async () => {
    const { responses, cassette } = await recordConversation();
    const path = join(dir, 'nested', 'deeper', `${MODEL}.json`);
    await saveCassette(path, cassette);
    expect(fake.callCount()).toBe(2);
    await fake.close();

    const replay = new ReplayProvider(await loadCassette(path));
    expect(replay.modelId).toBe(MODEL);
    expect(await converse(replay)).toEqual(responses);
    expect(replay.remaining).toBe(0);
  });

  it('ignores sampling settings when matching, since only messages and tools are fingerprinted', async () => {
    const { cassette } = await recordConversation();
    const replay = new ReplayProvider(cassette);
    const response = await replay.complete({
      messages: OPENING,
      tools: [PRICE],
      temperature: 0.9,
      maxTokens: 10,
    });
    expect(response.content).toBe('Checking.');
  });

  it('refuses a request that differs from the recording, naming the interaction', async () => {
    const { cassette } = await recordConversation();
    const replay = new ReplayProvider(cassette);
    await replay.complete({ messages: OPENING, tools: [PRICE] });
    const changed: CompletionRequest = {
      messages: [...OPENING, { role: 'user', content: 'Something else entirely.' }],
      tools: [PRICE],
    };
    const error = await replay.complete(changed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'replay_mismatch', retryable: false });
    expect((error as Error).message).toContain('request #1');
    expect((error as Error).message).toContain('message #2');
    expect(replay.position).toBe(1);
  });

  it('names changed tool definitions as the difference', async () => {
    const { cassette } = await recordConversation();
    const replay = new ReplayProvider(cassette);
    const error = await replay
      .complete({ messages: OPENING, tools: [{ ...PRICE, description: 'changed' }] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'replay_mismatch',
      message: expect.stringContaining('tool definitions'),
    });
  });

  it('answers in order regardless of the request when not strict', async () => {
    const { cassette } = await recordConversation();
    const replay = new ReplayProvider(cassette, { strict: false });
    const other = { messages: [{ role: 'user' as const, content: 'anything' }] };
    expect((await replay.complete(other)).content).toBe('Checking.');
    expect((await replay.complete(other)).content).toBe('Holding AAPL.');
  });

  it('throws replay_exhausted when asked for more than was recorded', async () => {
    const { cassette } = await recordConversation();
    const replay = new ReplayProvider(cassette, { strict: false });
    await replay.complete({ messages: OPENING });
    await replay.complete({ messages: OPENING });
    await expect(replay.complete({ messages: OPENING })).rejects.toMatchObject({
      kind: 'replay_exhausted',
      message: expect.stringContaining('request #2'),
    });
  });

  it('hands out copies, so callers cannot corrupt the recording', async () => {
    const { cassette } = await recordConversation();
    const replay = new ReplayProvider(cassette, { strict: false });
    const response = await replay.complete({ messages: OPENING });
    response.toolCalls.length = 0;
    expect(cassette.interactions[0]?.response.toolCalls).toHaveLength(1);
  });

  it('records a snapshot of the request even if the caller mutates it afterwards', async () => {
    fake.script(MODEL, { content: 'ok' });
    const recorder = new RecordingProvider(
      new OpenAiCompatibleProvider({ model: MODEL, baseURL: fake.baseURL, apiKey: 'k' }),
    );
    const messages: ChatMessage[] = [...OPENING];
    await recorder.complete({ messages });
    messages.push({ role: 'user', content: 'later' });
    expect(recorder.cassette().interactions[0]?.request.messages).toHaveLength(2);
  });

  it('does not record failed calls', async () => {
    fake.script(MODEL, sequence([{ status: 400 }, { content: 'ok' }]));
    const recorder = new RecordingProvider(
      new OpenAiCompatibleProvider({ model: MODEL, baseURL: fake.baseURL, apiKey: 'k' }),
    );
    await expect(recorder.complete({ messages: OPENING })).rejects.toMatchObject({ kind: 'bad_request' });
    await recorder.complete({ messages: OPENING });
    expect(recorder.cassette().interactions).toHaveLength(1);
  });
});

describe('cassette files', () => {
  it('fingerprints canonically: key order and undefined fields do not matter, content does', () => {
    const a = requestFingerprint({ messages: [{ role: 'user', content: 'x' }], tools: [PRICE] });
    const reordered = requestFingerprint({
      messages: [{ content: 'x', role: 'user' }],
      tools: [{ parameters: PRICE.parameters, description: PRICE.description, name: PRICE.name }],
    });
    const withUndefined = requestFingerprint({
      messages: [{ role: 'assistant', content: 'x', toolCalls: undefined }],
    });
    expect(reordered).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(withUndefined).toBe(requestFingerprint({ messages: [{ role: 'assistant', content: 'x' }] }));
    expect(requestFingerprint({ messages: [{ role: 'user', content: 'y' }], tools: [PRICE] })).not.toBe(a);
    expect(requestFingerprint({ messages: [{ role: 'user', content: 'x' }] })).not.toBe(a);
  });

  it('round-trips through disk as readable JSON', async () => {
    const { cassette } = await recordConversation();
    const path = join(dir, 'c.json');
    await saveCassette(path, cassette);
    expect(await loadCassette(path)).toEqual(cassette);
    expect(await readFile(path, 'utf8')).toContain('\n  "version": 1,');
  });

  it('rejects an unknown version, invalid JSON and a malformed cassette with clear errors', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, JSON.stringify({ version: 2, modelId: 'm', interactions: [] }));
    await expect(loadCassette(path)).rejects.toThrow(/unsupported cassette version 2/);
    await writeFile(path, '{"version": 1,');
    await expect(loadCassette(path)).rejects.toThrow(/not valid JSON/);
    await writeFile(path, JSON.stringify({ version: 1, modelId: 'm', interactions: [{ fingerprint: 'f' }] }));
    await expect(loadCassette(path)).rejects.toThrow(/invalid cassette/);
  });
});
