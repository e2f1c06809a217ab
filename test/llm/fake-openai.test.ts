import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_USAGE, sequence, startFakeOpenAi, type FakeOpenAi } from '../fakes/fake-openai.js';

let fake: FakeOpenAi;

beforeEach(async () => {
  fake = await startFakeOpenAi();
});

afterEach(async () => {
  await fake.close();
});

async function post(
  model: string,
  extra: Record<string, unknown> = {},
): Promise<{ status: number; headers: Headers; json: unknown }> {
  const response = await fetch(`${fake.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-x' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], ...extra }),
  });
  return { status: response.status, headers: response.headers, json: await response.json() };
}

describe('fake OpenAI server', () => {
  it('speaks the chat.completion wire format the real SDK reads', async () => {
    fake.script('m', { toolCalls: [{ name: 'buy', arguments: { symbol: 'AAPL' } }], content: 'x' });
    const client = new OpenAI({ apiKey: 'sk-x', baseURL: fake.baseURL, maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion).toMatchObject({
      object: 'chat.completion',
      model: 'm',
      usage: DEFAULT_USAGE,
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: 'x',
            tool_calls: [
              {
                id: 'call_fake_0_0',
                type: 'function',
                function: { name: 'buy', arguments: '{"symbol":"AAPL"}' },
              },
            ],
          },
        },
      ],
    });
    expect(completion.id).toMatch(/^chatcmpl-fake-/);
    expect(typeof completion.created).toBe('number');
  });

  it('passes the body and a per-model call index to handlers, and records requests', async () => {
    const seen: [string, number][] = [];
    fake.script('a', (body, callIndex) => {
      seen.push([body.model, callIndex]);
      return { content: `a${callIndex}` };
    });
    fake.script('*', { content: 'default' });
    await post('a');
    await post('b');
    const second = await post('a');
    expect(seen).toEqual([
      ['a', 0],
      ['a', 1],
    ]);
    expect(second.json).toMatchObject({ choices: [{ message: { content: 'a1' } }] });
    expect((await post('c')).json).toMatchObject({ choices: [{ message: { content: 'default' } }] });
    expect(fake.callCount()).toBe(4);
    expect(fake.callCount('a')).toBe(2);
    expect(fake.requests('b').map((r) => r.callIndex)).toEqual([0]);
    expect(fake.requests()[0]?.headers.authorization).toBe('Bearer sk-x');
    fake.reset();
    expect(fake.callCount()).toBe(0);
    expect((await post('a')).json).toMatchObject({ choices: [{ message: { content: 'a0' } }] });
  });

  it('answers an unscripted model with an OpenAI-style 404', async () => {
    const { status, json } = await post('nobody');
    expect(status).toBe(404);
    expect(json).toMatchObject({ error: { code: 'model_not_found' } });
  });

  it('sends error statuses with Retry-After headers and a default error body', async () => {
    fake.script('m', { status: 429, retryAfter: '3', retryAfterMs: '3000' });
    const { status, headers, json } = await post('m');
    expect(status).toBe(429);
    expect(headers.get('retry-after')).toBe('3');
    expect(headers.get('retry-after-ms')).toBe('3000');
    expect(json).toMatchObject({ error: { type: 'rate_limit_exceeded' } });
  });

  it('omits usage on request and sends raw JSON verbatim', async () => {
    fake.script(
      'm',
      sequence([
        { content: 'x', usage: null },
        { raw: { anything: [1, 2] }, status: 201 },
      ]),
    );
    expect((await post('m')).json).not.toHaveProperty('usage');
    expect(await post('m')).toMatchObject({ status: 201, json: { anything: [1, 2] } });
  });

  it('sequence repeats its last reply by default, or fails with 400 when told', async () => {
    fake.script('r', sequence([{ content: '1' }, { content: '2' }]));
    fake.script('f', sequence([{ content: 'only' }], { whenDone: 'fail' }));
    const contents = [];
    for (let i = 0; i < 3; i++) contents.push((await post('r')).json);
    expect(
      contents.map((j) => (j as { choices: [{ message: { content: string } }] }).choices[0].message.content),
    ).toEqual(['1', '2', '2']);
    await post('f');
    expect(await post('f')).toMatchObject({
      status: 400,
      json: { error: { type: 'fake_script_exhausted' } },
    });
  });

  it('delays replies, and close() does not wait for hung requests', async () => {
    fake.script('slow', { content: 'late', delayMs: 100 });
    const started = Date.now();
    await post('slow');
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);

    fake.script('hang', { hang: true });
    const pending = post('hang').catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.callCount('hang')).toBe(1);
    await fake.close();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('turns a throwing handler into a 500 and lists scripted models', async () => {
    fake.script('boom', () => {
      throw new Error('script bug');
    });
    expect(await post('boom')).toMatchObject({
      status: 500,
      json: { error: { message: expect.stringContaining('script bug') } },
    });
    const models = await (await fetch(`${fake.baseURL}/models`)).json();
    expect(models).toMatchObject({ object: 'list', data: [{ id: 'boom' }] });
  });
});
