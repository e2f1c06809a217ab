import { describe, expect, it } from 'vitest';
import {
  buildSystemPrompt,
  FINISH_SIGNAL,
  SUMMARY_REQUEST,
  type PromptInput,
} from '../../../src/core/prompt.js';
import { toolSpecs } from '../../../src/core/tools/tool-definitions.js';
import { parseDayState, type DayState } from '../../../src/llm/mock/day-state.js';
import { lookbackDate } from '../../../src/llm/mock/lookback.js';
import { closeFromResult, succeeded, type CallRecord } from '../../../src/llm/mock/transcript.js';
import { MockProvider } from '../../../src/llm/mock-provider.js';
import { ProviderError, type ChatMessage, type CompletionResponse } from '../../../src/llm/provider.js';

const INPUT: PromptInput = {
  date: '2025-10-06',
  position: { cash: 1_234_567.89, holdings: { AAPL: 3, ZZZ: 7 } },
  opens: new Map([
    ['AAPL', 110],
    ['MSFT', 90],
    ['AMD', 50.125],
  ]),
  previousCloses: new Map([
    ['AAPL', { date: '2025-10-03', close: 100 }],
    ['MSFT', { date: '2025-10-03', close: 100 }],
    ['AMD', { date: '2025-10-03', close: 55 }],
    ['ZZZ', { date: '2025-10-03', close: 9 }],
  ]),
  universe: ['AAPL', 'MSFT', 'AMD', 'ZZZ'],
  valueAtOpen: 1_234_567.89 + 330,
  newsAvailable: false,
  maxSteps: 12,
};
const PROMPT = buildSystemPrompt(INPUT);

function stateOf(prompt: string): DayState {
  const state = parseDayState(prompt);
  if ('error' in state) throw new Error(state.error);
  return state;
}

describe('reading the system prompt', () => {
  it('recovers date, cash, holdings, the price table and the turn cap', () => {
    const state = stateOf(PROMPT);
    expect(state.date).toBe('2025-10-06');
    expect(state.cash).toBe(1_234_567.89);
    expect([...state.holdings]).toEqual([
      ['AAPL', 3],
      ['ZZZ', 7],
    ]);
    expect(state.quotes.get('AMD')).toEqual({ prevClose: 55, open: 50.125 });
    expect(state.quotes.get('ZZZ')).toEqual({ prevClose: 9 });
    expect(state.maxSteps).toBe(12);
  });

  it('reports what is missing instead of guessing', () => {
    expect(parseDayState('You trade stocks.')).toEqual({ error: expect.stringContaining('Today is') });
    expect(parseDayState(PROMPT.replace(/- Cash: .*\n/, ''))).toEqual({
      error: expect.stringContaining('Cash'),
    });
  });
});

describe('reading tool results', () => {
  const record = (result?: string): CallRecord => ({
    id: 'c',
    name: 'get_price_local',
    args: {},
    ...(result === undefined ? {} : { result }),
  });

  it('tells failures from successes the way a model would', () => {
    expect(succeeded(record('Error: AAPL has no price on 2025-09-01'))).toBe(false);
    expect(succeeded(record('{"ok":false,"message":"insufficient cash"}'))).toBe(false);
    expect(succeeded(record('{"error":"no position"}'))).toBe(false);
    expect(succeeded(record())).toBe(false);
    expect(succeeded(record('{"side":"buy","symbol":"AAPL","quantity":3,"error":null}'))).toBe(true);
    expect(succeeded(record('Bought 3 AAPL at 110'))).toBe(true);
  });

  it('takes a close only from a full past bar', () => {
    expect(closeFromResult(record('{"symbol":"AAPL","date":"2025-09-29","open":1,"close":101.5}'))).toBe(
      101.5,
    );
    expect(closeFromResult(record('{"symbol":"AAPL","date":"2025-10-06","open":110}'))).toBeUndefined();
    expect(closeFromResult(record('close was 101.5'))).toBeUndefined();
    expect(closeFromResult(record('Error: {"close":5}'))).toBeUndefined();
  });

  it('retries a week back, then one weekday earlier at a time', () => {
    expect([0, 1, 2].map((n) => lookbackDate('2025-10-06', n))).toEqual([
      '2025-09-29',
      '2025-09-26',
      '2025-09-25',
    ]);
  });
});

/** Plays the runtime by hand: every price lookup is refused, every order fills. */
async function converse(provider: MockProvider, messages: ChatMessage[]): Promise<CompletionResponse[]> {
  const responses: CompletionResponse[] = [];
  for (let turn = 0; turn < 10; turn++) {
    const response = await provider.complete({ messages });
    responses.push(response);
    const toolCalls = response.toolCalls.map((c) => ({ id: c.id, name: c.name, arguments: c.rawArguments }));
    messages.push({ role: 'assistant', content: response.content, toolCalls });
    if (toolCalls.length === 0) return responses;
    for (const call of toolCalls) {
      const content = call.name === 'get_price_local' ? 'Error: no data for that date.' : '{"filled":true}';
      messages.push({ role: 'tool', toolCallId: call.id, name: call.name, content });
    }
  }
  return responses;
}

describe('MockProvider', () => {
  it('answers a resumed conversation exactly as it answered the original', async () => {
    const messages: ChatMessage[] = [{ role: 'system', content: PROMPT }];
    const original = await converse(new MockProvider({ strategy: 'mean_reversion' }), messages);
    expect(original.length).toBeGreaterThan(2);
    // Each prefix ending in a tool result is where a runner resuming after a crash would pick up.
    for (let i = 1; i < messages.length; i++) {
      if (messages[i]?.role !== 'assistant') continue;
      const reply = await new MockProvider({ strategy: 'mean_reversion' }).complete({
        messages: messages.slice(0, i),
      });
      const toolCalls = reply.toolCalls.map((c) => ({ id: c.id, name: c.name, arguments: c.rawArguments }));
      expect(messages[i]).toEqual({ role: 'assistant', content: reply.content, toolCalls });
    }
  });

  it('goes straight to its orders when price lookups are not offered', async () => {
    const provider = new MockProvider({ strategy: 'mean_reversion' });
    const tools = toolSpecs({ newsAvailable: false }).filter((tool) => tool.name !== 'get_price_local');
    const reply = await provider.complete({ messages: [{ role: 'system', content: PROMPT }], tools });
    // AAPL opened 10% above its close (a bounce); MSFT and AMD fell overnight.
    expect(reply.toolCalls.map((c) => `${c.name} ${c.rawArguments}`)).toEqual([
      'sell {"symbol":"AAPL","amount":3}',
      expect.stringMatching(/^buy \{"symbol":"MSFT","amount":\d+\}$/),
      expect.stringMatching(/^buy \{"symbol":"AMD","amount":\d+\}$/),
    ]);
  });

  it('keeps a 1% cash buffer even where whole shares would let it spend everything', async () => {
    const cheap = buildSystemPrompt({
      ...INPUT,
      position: { cash: 10_000, holdings: {} },
      opens: new Map([
        ['AAPL', 1],
        ['MSFT', 1],
      ]),
    });
    const reply = await new MockProvider({ strategy: 'buy_and_hold' }).complete({
      messages: [{ role: 'system', content: cheap }],
    });
    const amounts = reply.toolCalls.map((c) => (JSON.parse(c.rawArguments) as { amount: number }).amount);
    expect(amounts).toEqual([4_950, 4_950]);
  });

  it('summarises rejected orders and days without trades honestly', async () => {
    const provider = new MockProvider({ strategy: 'buy_and_hold' });
    const empty = { ...INPUT, position: { cash: 1_000, holdings: {} } };
    const messages: ChatMessage[] = [
      { role: 'system', content: buildSystemPrompt(empty) },
      {
        role: 'assistant',
        content: null,
        toolCalls: [
          { id: 'a', name: 'buy', arguments: '{"symbol":"AAPL","amount":3}' },
          { id: 'b', name: 'buy', arguments: '{"symbol":"MSFT","amount":4}' },
        ],
      },
      { role: 'tool', toolCallId: 'a', name: 'buy', content: '{"side":"buy","symbol":"AAPL","quantity":3}' },
      { role: 'tool', toolCallId: 'b', name: 'buy', content: 'Error: insufficient cash' },
      { role: 'assistant', content: `Done. ${FINISH_SIGNAL}` },
      { role: 'user', content: SUMMARY_REQUEST },
    ];
    const summary = await provider.complete({ messages });
    expect(summary.content).toContain('bought 3 AAPL');
    expect(summary.content).not.toContain('MSFT');
    expect(summary.content).toContain('1 of my orders was rejected');
    expect(summary.finishReason).toBe('stop');

    const quiet = await provider.complete({
      messages: [
        { role: 'system', content: PROMPT },
        { role: 'user', content: SUMMARY_REQUEST },
      ],
    });
    expect(quiet.content).toContain('I made no trades today.');
  });

  it('fails loudly, and not retryably, on a prompt it cannot read', async () => {
    const provider = new MockProvider({ strategy: 'random' });
    const attempt = provider.complete({ messages: [{ role: 'user', content: 'Hello' }] });
    await expect(attempt).rejects.toMatchObject({ kind: 'bad_request', retryable: false });
    await expect(attempt).rejects.toBeInstanceOf(ProviderError);
  });

  it('waits its simulated latency and stops waiting when aborted', async () => {
    const slow = new MockProvider({ strategy: 'buy_and_hold', latencyMs: 30 });
    const started = performance.now();
    const reply = await slow.complete({ messages: [{ role: 'system', content: PROMPT }] });
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(reply.latencyMs).toBe(30);

    const controller = new AbortController();
    const pending = slow.complete({ messages: [{ role: 'system', content: PROMPT }] }, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('rejects options no config should produce', () => {
    expect(() => new MockProvider({ strategy: 'martingale' as never })).toThrow(RangeError);
    expect(() => new MockProvider({ strategy: 'random', latencyMs: -1 })).toThrow(RangeError);
  });
});
