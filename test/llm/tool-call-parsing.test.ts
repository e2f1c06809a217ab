import { describe, expect, it } from 'vitest';
import { normaliseToolCalls, parseToolCallArguments } from '../../src/llm/tool-call-parsing.js';

describe('parseToolCallArguments', () => {
  it('parses a JSON object string', () => {
    expect(parseToolCallArguments('{"symbol":"AAPL","amount":10}')).toEqual({
      ok: true,
      args: { symbol: 'AAPL', amount: 10 },
    });
  });

  it('unwraps a double-encoded JSON object string', () => {
    const doubly = JSON.stringify(JSON.stringify({ symbol: 'NVDA', amount: 3 }));
    expect(parseToolCallArguments(doubly)).toEqual({ ok: true, args: { symbol: 'NVDA', amount: 3 } });
  });

  it('unwraps a triple-encoded string too, but not endlessly', () => {
    const triply = JSON.stringify(JSON.stringify(JSON.stringify({ a: 1 })));
    expect(parseToolCallArguments(triply)).toEqual({ ok: true, args: { a: 1 } });
    let deep = JSON.stringify({ a: 1 });
    for (let i = 0; i < 5; i++) deep = JSON.stringify(deep);
    const result = parseToolCallArguments(deep);
    expect(result.ok).toBe(false);
  });

  it('accepts an already-parsed object as is', () => {
    const args = { symbol: 'MSFT', nested: { x: [1, 2] } };
    expect(parseToolCallArguments(args)).toEqual({ ok: true, args });
  });

  it.each([[''], ['   '], [null], [undefined], ['null'], ['""']])('treats %j as no arguments', (raw) => {
    expect(parseToolCallArguments(raw)).toEqual({ ok: true, args: {} });
  });

  it('tolerates surrounding whitespace and a markdown code fence', () => {
    expect(parseToolCallArguments('  {"a":1}\n')).toEqual({ ok: true, args: { a: 1 } });
    expect(parseToolCallArguments('```json\n{"a":1}\n```')).toEqual({ ok: true, args: { a: 1 } });
    expect(parseToolCallArguments('```\n{"b":2}```')).toEqual({ ok: true, args: { b: 2 } });
  });

  it('reports unparseable text with the offending text quoted', () => {
    const result = parseToolCallArguments('{"symbol": "AAPL", amount: }');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain('not valid JSON');
    expect(result.error).toContain('{\\"symbol\\": \\"AAPL\\", amount: }');
  });

  it('truncates a very long bad string in the error', () => {
    const result = parseToolCallArguments(`not json ${'x'.repeat(5000)}`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.length).toBeLessThan(400);
    expect(result.error).toContain('…');
  });

  it.each([
    ['[1,2]', 'an array'],
    ['42', 'a number'],
    ['true', 'a boolean'],
    [[{ a: 1 }], 'an array'],
    [7, 'a number'],
    [JSON.stringify('"just text"'), 'not valid JSON'],
  ])('rejects %j (%s)', (raw, expected) => {
    const result = parseToolCallArguments(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(expected);
  });

  it('explains that an object of named parameters was expected', () => {
    const result = parseToolCallArguments('[1]');
    expect(result).toEqual({
      ok: false,
      error: expect.stringContaining('must be a JSON object of named parameters'),
    });
  });
});

describe('normaliseToolCalls', () => {
  it('reads the standard tool_calls shape', () => {
    const message = {
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: 'call_abc',
          type: 'function',
          function: { name: 'buy', arguments: '{"symbol":"AAPL","amount":5}' },
        },
        { id: 'call_def', type: 'function', function: { name: 'get_price', arguments: '{"symbol":"MSFT"}' } },
      ],
    };
    expect(normaliseToolCalls(message)).toEqual([
      {
        id: 'call_abc',
        name: 'buy',
        args: { symbol: 'AAPL', amount: 5 },
        rawArguments: '{"symbol":"AAPL","amount":5}',
      },
      { id: 'call_def', name: 'get_price', args: { symbol: 'MSFT' }, rawArguments: '{"symbol":"MSFT"}' },
    ]);
  });

  it('reads flattened {name, args, id} entries and echoes the args back as JSON text', () => {
    const calls = normaliseToolCalls({
      tool_calls: [{ id: 'x1', name: 'sell', args: { symbol: 'TSLA', amount: 2 } }],
    });
    expect(calls).toEqual([
      {
        id: 'x1',
        name: 'sell',
        args: { symbol: 'TSLA', amount: 2 },
        rawArguments: '{"symbol":"TSLA","amount":2}',
      },
    ]);
  });

  it('reads flattened {name, arguments} entries without ids, synthesising stable ones', () => {
    const message = {
      tool_calls: [
        { name: 'a', arguments: '{}' },
        { name: 'b', arguments: { k: 1 } },
      ],
    };
    const first = normaliseToolCalls(message);
    expect(first.map((c) => c.id)).toEqual(['call_0', 'call_1']);
    expect(first[1]).toEqual({ id: 'call_1', name: 'b', args: { k: 1 }, rawArguments: '{"k":1}' });
    expect(normaliseToolCalls(message)).toEqual(first);
  });

  it('synthesises ids for standard entries whose id is missing or empty', () => {
    const calls = normaliseToolCalls({
      tool_calls: [
        { type: 'function', function: { name: 'a', arguments: '{}' } },
        { id: '', type: 'function', function: { name: 'b', arguments: '{}' } },
        { id: 'real', type: 'function', function: { name: 'c', arguments: '{}' } },
      ],
    });
    expect(calls.map((c) => c.id)).toEqual(['call_0', 'call_1', 'real']);
  });

  it('reads a function object that carries args instead of arguments', () => {
    const calls = normaliseToolCalls({
      tool_calls: [{ id: 'q', function: { name: 'buy', args: { amount: 1 } } }],
    });
    expect(calls).toEqual([{ id: 'q', name: 'buy', args: { amount: 1 }, rawArguments: '{"amount":1}' }]);
  });

  it('reads the legacy single function_call', () => {
    const calls = normaliseToolCalls({
      content: null,
      function_call: { name: 'get_price', arguments: '{"symbol":"AMD"}' },
    });
    expect(calls).toEqual([
      { id: 'call_0', name: 'get_price', args: { symbol: 'AMD' }, rawArguments: '{"symbol":"AMD"}' },
    ]);
  });

  it('prefers tool_calls over a legacy function_call when both are present', () => {
    const calls = normaliseToolCalls({
      tool_calls: [{ id: 't', type: 'function', function: { name: 'new', arguments: '{}' } }],
      function_call: { name: 'old', arguments: '{}' },
    });
    expect(calls.map((c) => c.name)).toEqual(['new']);
  });

  it('accepts a single tool call object where an array was expected', () => {
    const calls = normaliseToolCalls({
      tool_calls: { id: 's', type: 'function', function: { name: 'x', arguments: '{}' } },
    });
    expect(calls).toEqual([{ id: 's', name: 'x', args: {}, rawArguments: '{}' }]);
  });

  it('reports bad arguments per call without failing the others', () => {
    const calls = normaliseToolCalls({
      tool_calls: [
        { id: 'ok', type: 'function', function: { name: 'buy', arguments: '{"amount":1}' } },
        { id: 'bad', type: 'function', function: { name: 'sell', arguments: '{amount: one}' } },
      ],
    });
    expect(calls[0]).toEqual({ id: 'ok', name: 'buy', args: { amount: 1 }, rawArguments: '{"amount":1}' });
    expect(calls[1]).toMatchObject({ id: 'bad', name: 'sell', rawArguments: '{amount: one}' });
    expect(calls[1]).toHaveProperty('error', expect.stringContaining('not valid JSON'));
    expect(calls[1]).not.toHaveProperty('args');
  });

  it('keeps double-encoded arguments verbatim in rawArguments while parsing them', () => {
    const raw = JSON.stringify(JSON.stringify({ a: 1 }));
    const [call] = normaliseToolCalls({
      tool_calls: [{ id: 'd', type: 'function', function: { name: 'f', arguments: raw } }],
    });
    expect(call).toEqual({ id: 'd', name: 'f', args: { a: 1 }, rawArguments: raw });
  });

  it('turns missing or empty arguments into {} so the history stays valid JSON', () => {
    const calls = normaliseToolCalls({
      tool_calls: [
        { id: 'a', type: 'function', function: { name: 'list' } },
        { id: 'b', type: 'function', function: { name: 'list', arguments: '' } },
      ],
    });
    expect(calls).toEqual([
      { id: 'a', name: 'list', args: {}, rawArguments: '{}' },
      { id: 'b', name: 'list', args: {}, rawArguments: '{}' },
    ]);
  });

  it('reports a call without a function name, and a call that is not an object', () => {
    const calls = normaliseToolCalls({
      tool_calls: [{ id: 'n', type: 'function', function: { arguments: '{}' } }, 'junk'],
    });
    expect(calls[0]).toMatchObject({ id: 'n', name: '', error: expect.stringContaining('no function name') });
    expect(calls[1]).toMatchObject({ id: 'call_1', error: expect.stringContaining('not an object') });
  });

  it.each([[null], [undefined], ['text'], [{ content: 'hi' }], [{ tool_calls: null }], [{ tool_calls: [] }]])(
    'finds no tool calls in %j',
    (message) => {
      expect(normaliseToolCalls(message)).toEqual([]);
    },
  );
});
