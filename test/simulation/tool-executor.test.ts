import { describe, expect, it } from 'vitest';
import type { DailyBar } from '../../src/core/bars.js';
import { DayLedger } from '../../src/core/ledger/day-ledger.js';
import { MarketView } from '../../src/core/market-view.js';
import { ALL_TOOL_NAMES } from '../../src/core/tools/tool-definitions.js';
import type { ParsedToolCall } from '../../src/llm/provider.js';
import type { NewsSource } from '../../src/news/news-source.js';
import { executeToolCall, type ToolContext } from '../../src/simulation/tool-executor.js';

const D = '2024-01-08';
const BARS: DailyBar[] = [
  { symbol: 'AAPL', date: '2024-01-05', open: 181.99, high: 182.76, low: 180.17, close: 181.18, volume: 10 },
  { symbol: 'AAPL', date: D, open: 182.085, high: 185.6, low: 182.09, close: 185.56, volume: 20 },
];

function context(news?: NewsSource): ToolContext {
  const view = new MarketView(D, BARS, new Set(['AAPL']));
  const ledger = new DayLedger({ cash: 1_000, holdings: {} }, view.forMarketForOrders());
  return news ? { date: D, view, ledger, news } : { date: D, view, ledger };
}

function call(name: string, args: Record<string, unknown>): ParsedToolCall {
  return { id: 'call_1', name, args, rawArguments: JSON.stringify(args) };
}

const NEWS: NewsSource = {
  name: 'fake-news',
  search: async (query, asOf) => ({
    items: [
      { title: `About ${query}`, url: 'https://example.test/a', snippet: 'x', publishedDate: '2024-01-05' },
    ],
    withheld: asOf === D ? 1 : 0,
  }),
};

describe('executeToolCall', () => {
  it('answers every tool it offers, none of them with the unknown-tool error', async () => {
    const args: Record<string, Record<string, unknown>> = {
      get_price_local: { symbol: 'AAPL', date: '2024-01-05' },
      buy: { symbol: 'AAPL', amount: 1 },
      sell: { symbol: 'AAPL', amount: 1 },
      get_information: { query: 'Apple' },
      add: { a: 2, b: 3 },
      multiply: { a: 2, b: 3 },
    };
    const ctx = context(NEWS);
    for (const name of ALL_TOOL_NAMES) {
      const result = await executeToolCall(call(name, args[name] ?? {}), ctx);
      expect(result.audit?.reason, name).not.toBe('unknown_tool');
    }
  });

  it('adds and multiplies, and tells the model which argument was wrong', async () => {
    const ctx = context();
    expect(await executeToolCall(call('add', { a: 2, b: 3.5 }), ctx)).toEqual({ content: '5.5' });
    expect(await executeToolCall(call('multiply', { a: 2, b: 3.5 }), ctx)).toEqual({ content: '7' });
    const bad = await executeToolCall(call('multiply', { a: 2, b: 'x' }), ctx);
    expect(bad.content).toMatch(/^Error: Invalid arguments for multiply: b:/);
    expect(bad.audit).toMatchObject({ tool: 'multiply', outcome: 'error', reason: 'invalid_arguments' });
  });

  it('refuses a tool it does not know, and news when no source is configured', async () => {
    const ctx = context();
    for (const name of ['subtract', 'get_information', 'toString']) {
      const result = await executeToolCall(call(name, { query: 'x' }), ctx);
      expect(result).toEqual({
        content: `Error: Unknown tool "${name}".`,
        audit: {
          tool: name,
          arguments: '{"query":"x"}',
          outcome: 'error',
          reason: 'unknown_tool',
          message: `Unknown tool "${name}".`,
        },
      });
    }
  });

  it('reports arguments that did not parse without running the tool', async () => {
    const ctx = context();
    const result = await executeToolCall(
      { id: 'c', name: 'buy', error: 'Unexpected end of JSON input', rawArguments: '{"symbol":' },
      ctx,
    );
    expect(result.audit).toMatchObject({ tool: 'buy', outcome: 'error', reason: 'unparseable_arguments' });
    expect(ctx.ledger.fills).toEqual([]);
  });

  it('gives a past bar in full and only the open of today, and audits a refused lookup', async () => {
    const ctx = context();
    const past = await executeToolCall(call('get_price_local', { symbol: 'AAPL', date: '2024-01-05' }), ctx);
    expect(JSON.parse(past.content)).toMatchObject({ symbol: 'AAPL', close: 181.18 });
    const today = await executeToolCall(call('get_price_local', { symbol: 'AAPL', date: D }), ctx);
    expect(JSON.parse(today.content)).toEqual({
      symbol: 'AAPL',
      date: D,
      open: 182.085,
      note: 'Only the open is known today.',
    });
    const future = await executeToolCall(
      call('get_price_local', { symbol: 'AAPL', date: '2024-01-09' }),
      ctx,
    );
    expect(future.audit).toMatchObject({ outcome: 'refused', reason: 'future_date' });
  });

  it.each([
    ['future_date', { symbol: 'AAPL', date: '2024-01-09' }],
    ['invalid_date', { symbol: 'AAPL', date: '2024-1-5' }],
    ['unknown_symbol', { symbol: 'QQQ', date: '2024-01-05' }],
    ['no_data', { symbol: 'AAPL', date: '2024-01-06' }],
  ])('audits a lookup refused as %s with the reason and message the model read', async (reason, args) => {
    const ctx = context();
    const refused = ctx.view.lookup(args.symbol, args.date);
    const result = await executeToolCall(call('get_price_local', args), ctx);
    expect(refused).toMatchObject({ ok: false, reason });
    const message = refused.ok ? '' : refused.message;
    expect(result).toEqual({
      content: `Error: ${message}`,
      audit: {
        tool: 'get_price_local',
        arguments: JSON.stringify(args),
        outcome: 'refused',
        reason,
        message,
      },
    });
  });

  it('fills orders through the ledger and audits a rejected one', async () => {
    const ctx = context();
    const bought = await executeToolCall(call('buy', { symbol: 'AAPL', amount: 2 }), ctx);
    expect(JSON.parse(bought.content)).toMatchObject({ status: 'filled', action: 'buy', quantity: 2 });
    const sold = await executeToolCall(call('sell', { symbol: 'AAPL', amount: 3 }), ctx);
    expect(sold.audit).toMatchObject({ tool: 'sell', outcome: 'rejected', reason: 'insufficient_shares' });
    expect(ctx.ledger.position.holdings).toEqual({ AAPL: 2 });
  });

  it('searches news as of the trading day, and audits a failed search', async () => {
    const found = await executeToolCall(call('get_information', { query: 'Apple' }), context(NEWS));
    expect(found.content).toContain('About Apple');
    // The fake withholds one item only when asked as of the trading day, so this shows the date passed.
    expect(found.content).toContain('1 result was withheld');
    const failing: NewsSource = {
      name: 'down',
      search: async () => {
        throw new Error('connection refused');
      },
    };
    const failed = await executeToolCall(call('get_information', { query: 'Apple' }), context(failing));
    expect(failed.audit).toMatchObject({ outcome: 'error', reason: 'news_unavailable' });
    expect(failed.content).toBe('Error: News search failed: connection refused');
  });
});
