import { describe, expect, it } from 'vitest';
import { MOCK_STRATEGIES, type MockStrategyName } from '../../../src/config/app-config.js';
import type { DailyBar } from '../../../src/core/bars.js';
import { tradingDaysBetween } from '../../../src/core/calendar.js';
import type { CostModel } from '../../../src/core/ledger/costs.js';
import { DayLedger } from '../../../src/core/ledger/day-ledger.js';
import type { Position } from '../../../src/core/ledger/position.js';
import { MarketView } from '../../../src/core/market-view.js';
import { buildSystemPrompt, FINISH_SIGNAL, SUMMARY_REQUEST } from '../../../src/core/prompt.js';
import { toolSpecs } from '../../../src/core/tools/tool-definitions.js';
import { NASDAQ_100_SYMBOLS } from '../../../src/core/universe.js';
import { MockProvider } from '../../../src/llm/mock-provider.js';
import { BUY_AND_HOLD_BASKET } from '../../../src/llm/mock/buy-and-hold.js';
import type { ChatMessage, CompletionResponse, ParsedToolCall } from '../../../src/llm/provider.js';
import { demoBarsForRange } from '../../../src/market-data/demo/demo-dataset.js';

/**
 * A miniature runtime: the real MarketView answers price lookups (look-ahead guard included) and the
 * real DayLedger fills orders, so the mocks are held to the same rules a real model is.
 */
interface DayRun {
  prompt: string;
  responses: CompletionResponse[];
  messages: ChatMessage[];
  summary: CompletionResponse;
  ledger: DayLedger;
  opens: ReadonlyMap<string, number>;
}

const TOOLS = toolSpecs({ newsAvailable: false });

function toolResult(call: ParsedToolCall, view: MarketView, ledger: DayLedger): string {
  if ('error' in call) return `Error: ${call.error}`;
  const { symbol, date, amount } = call.args;
  if (call.name === 'get_price_local') {
    const found = view.lookup(symbol, date);
    if (!found.ok) return `Error: ${found.message}`;
    const { ok: _ok, partial: _partial, ...bar } = found;
    return JSON.stringify(bar);
  }
  if (call.name === 'buy' || call.name === 'sell') {
    const result = ledger[call.name](symbol, amount);
    return result.ok ? JSON.stringify(result.fill) : `Error: ${result.rejection.message}`;
  }
  return `Error: unknown tool ${call.name}`;
}

async function runDay(
  provider: MockProvider,
  day: {
    date: string;
    position: Position;
    bars: readonly DailyBar[];
    universe: readonly string[];
    maxSteps?: number;
    costs?: CostModel;
  },
): Promise<DayRun> {
  const view = new MarketView(day.date, day.bars, new Set(day.universe));
  const opens = view.todayOpens();
  const ledger = new DayLedger(day.position, view.forMarketForOrders(), day.costs);
  const held = Object.entries(day.position.holdings);
  const prompt = buildSystemPrompt({
    date: day.date,
    position: day.position,
    opens,
    previousCloses: view.previousCloses(),
    universe: day.universe,
    valueAtOpen: day.position.cash + held.reduce((sum, [s, qty]) => sum + qty * (opens.get(s) ?? 0), 0),
    newsAvailable: false,
    maxSteps: day.maxSteps ?? 30,
  });
  const messages: ChatMessage[] = [{ role: 'system', content: prompt }];
  const responses: CompletionResponse[] = [];
  for (let step = 0; step < 40; step++) {
    const response = await provider.complete({ messages, tools: TOOLS });
    responses.push(response);
    const toolCalls = response.toolCalls.map((c) => ({ id: c.id, name: c.name, arguments: c.rawArguments }));
    messages.push({
      role: 'assistant',
      content: response.content,
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
    });
    if (response.toolCalls.length === 0) break;
    for (const call of response.toolCalls) {
      messages.push({
        role: 'tool',
        toolCallId: call.id,
        name: call.name,
        content: toolResult(call, view, ledger),
      });
    }
  }
  messages.push({ role: 'user', content: SUMMARY_REQUEST });
  const summary = await provider.complete({ messages, tools: TOOLS });
  return { prompt, responses, messages, summary, ledger, opens };
}

/** An argument as the runtime reads it: from the raw JSON text the model sent. */
function argOf(call: ParsedToolCall, key: string): unknown {
  return (JSON.parse(call.rawArguments) as Record<string, unknown>)[key];
}

function callsOf(run: DayRun, name?: string): ParsedToolCall[] {
  return run.responses.flatMap((r) => r.toolCalls).filter((c) => name === undefined || c.name === name);
}

/** Ten symbols with steady trends from +3%/day down to -3%/day, and PEP, which does not trade today. */
const TRENDS: Record<string, number> = {
  AAPL: 0.03,
  MSFT: 0.02,
  NVDA: 0.01,
  AMZN: 0.005,
  GOOGL: 0.002,
  INTC: 0,
  META: -0.005,
  AVGO: -0.01,
  ADBE: -0.02,
  AMD: -0.03,
  PEP: 0.01,
};
const UNIVERSE = Object.keys(TRENDS);
const TODAY = '2025-10-06';

function trendBars(sessions: readonly string[], today: string): DailyBar[] {
  return Object.entries(TRENDS).flatMap(([symbol, drift], i) => {
    let close = 100 + 10 * i;
    return sessions
      .filter((date) => symbol !== 'PEP' || date !== today)
      .map((date) => {
        const open = close * (1 + drift / 2);
        close = open * (1 + drift / 2);
        return {
          symbol,
          date,
          open,
          high: Math.max(open, close),
          low: Math.min(open, close),
          close,
          volume: 1e6,
        };
      });
  });
}

const BARS = trendBars(tradingDaysBetween('2025-09-15', TODAY), TODAY);
const CASH_ONLY: Position = { cash: 10_000, holdings: {} };

describe.each(MOCK_STRATEGIES)('the %s mock over a real runtime', (strategy: MockStrategyName) => {
  const provider = new MockProvider({ strategy, seed: 7, signature: `mock-${strategy}` });
  const day = {
    date: TODAY,
    position: { cash: 10_000, holdings: { AAPL: 5, AMD: 10 } },
    bars: BARS,
    universe: UNIVERSE,
  };

  it('places only well-formed orders, sells before buys, every one of them fills', async () => {
    const run = await runDay(provider, day);
    const orders = callsOf(run).filter((c) => c.name === 'buy' || c.name === 'sell');
    for (const call of orders) {
      const args = JSON.parse(call.rawArguments) as { symbol: string; amount: number };
      expect(Number.isInteger(args.amount) && args.amount >= 1).toBe(true);
      expect(run.opens.has(args.symbol)).toBe(true);
    }
    const sides = orders.map((c) => c.name);
    expect(sides).toEqual([...sides].sort((a, b) => (a === 'sell' ? 0 : 1) - (b === 'sell' ? 0 : 1)));
    expect(run.ledger.rejections).toEqual([]);
    expect(run.ledger.position.cash).toBeGreaterThanOrEqual(0);
  });

  it('leaves room for slippage and commission it cannot see', async () => {
    const costs = { commissionBps: 25, slippageBps: 25 };
    for (const position of [CASH_ONLY, day.position]) {
      const run = await runDay(provider, { ...day, position, costs });
      expect(run.ledger.rejections).toEqual([]);
    }
  });

  it('ends the day with the stop word and no tool calls, then summarises the filled trades', async () => {
    const run = await runDay(provider, day);
    const last = run.responses.at(-1);
    expect(last?.toolCalls).toEqual([]);
    expect(last?.finishReason).toBe('stop');
    expect(last?.content).toContain(FINISH_SIGNAL);
    for (const fill of run.ledger.fills)
      expect(run.summary.content).toContain(`${fill.quantity} ${fill.symbol}`);
    if (run.ledger.fills.length === 0) expect(run.summary.content).toContain('no trades');
    expect(run.summary.toolCalls).toEqual([]);
  });

  it('gives the same answers to the same conversation', async () => {
    const first = await runDay(provider, day);
    const second = await runDay(new MockProvider({ strategy, seed: 7, signature: `mock-${strategy}` }), day);
    expect(second.messages).toEqual(first.messages);
    expect(second.summary).toEqual(first.summary);
  });

  it('reports a usage estimate, a single attempt and its own model id', async () => {
    const run = await runDay(provider, day);
    const first = run.responses[0];
    expect(first).toMatchObject({ model: `mock:${strategy}`, attempts: 1, latencyMs: 0 });
    // The first request holds only the system prompt: about four characters a token.
    expect(first?.usage.promptTokens).toBe(Math.round(run.prompt.length / 4));
    expect(first?.usage.completionTokens).toBeGreaterThan(0);
    expect(first?.usage.totalTokens).toBe(
      (first?.usage.promptTokens ?? 0) + (first?.usage.completionTokens ?? 0),
    );
  });
});

describe('momentum', () => {
  const provider = new MockProvider({ strategy: 'momentum' });

  it('looks a week back, then buys the five strongest risers equally with a cash buffer', async () => {
    const run = await runDay(provider, { date: TODAY, position: CASH_ONLY, bars: BARS, universe: UNIVERSE });
    const lookups = callsOf(run, 'get_price_local');
    expect(lookups.length).toBeGreaterThan(0);
    expect(new Set(lookups.map((c) => argOf(c, 'date')))).toEqual(new Set(['2025-09-29']));
    const buys = callsOf(run, 'buy').map((c) => argOf(c, 'symbol'));
    expect(buys).toEqual(['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL']);
    const spent = run.ledger.fills.reduce((sum, f) => sum + f.notional, 0);
    expect(spent).toBeLessThanOrEqual(10_000 * 0.99);
    expect(spent).toBeGreaterThan(10_000 * 0.9);
  });

  it('sells holdings that dropped out of the top set and keeps the ones still in it', async () => {
    const position = { cash: 100, holdings: { AAPL: 3, AMD: 10 } };
    const run = await runDay(provider, { date: TODAY, position, bars: BARS, universe: UNIVERSE });
    expect(callsOf(run, 'sell').map((c) => c.rawArguments)).toEqual(['{"symbol":"AMD","amount":10}']);
    expect(callsOf(run, 'buy').map((c) => argOf(c, 'symbol'))).not.toContain('AAPL');
  });

  it('retries a holiday one weekday earlier', async () => {
    // 2025-09-01 was Labor Day: a week before 2025-09-08 there is no bar, so it asks for Friday 08-29.
    const bars = trendBars(tradingDaysBetween('2025-08-20', '2025-09-08'), '2025-09-08');
    const run = await runDay(provider, { date: '2025-09-08', position: CASH_ONLY, bars, universe: UNIVERSE });
    const dates = callsOf(run, 'get_price_local').map((c) => argOf(c, 'date'));
    expect(new Set(dates)).toEqual(new Set(['2025-09-01', '2025-08-29']));
    expect(run.ledger.fills.map((f) => f.symbol)).toEqual(['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL']);
  });

  it('falls back to the overnight gap after a few refused lookups', async () => {
    const bars = BARS.filter((b) => b.date >= '2025-10-03');
    const run = await runDay(provider, { date: TODAY, position: CASH_ONLY, bars, universe: UNIVERSE });
    const lookupTurns = run.responses.filter((r) => r.toolCalls.some((c) => c.name === 'get_price_local'));
    expect(lookupTurns).toHaveLength(3);
    expect(run.ledger.fills.map((f) => f.symbol)).toEqual(['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL']);
  });

  it('keeps a turn for its orders when the prompt caps the turns', async () => {
    const bars = BARS.filter((b) => b.date >= '2025-10-03');
    const run = await runDay(provider, {
      date: TODAY,
      position: CASH_ONLY,
      bars,
      universe: UNIVERSE,
      maxSteps: 2,
    });
    expect(run.responses.map((r) => r.toolCalls[0]?.name)).toEqual(['get_price_local', 'buy', undefined]);
  });
});

describe('mean reversion', () => {
  const provider = new MockProvider({ strategy: 'mean_reversion' });

  it('sells a holding that bounced and buys the biggest losers into the free slots', async () => {
    const position = { cash: 1_000, holdings: { AAPL: 5, ADBE: 4 } };
    const run = await runDay(provider, { date: TODAY, position, bars: BARS, universe: UNIVERSE });
    expect(callsOf(run, 'sell').map((c) => c.rawArguments)).toEqual(['{"symbol":"AAPL","amount":5}']);
    const bought = callsOf(run, 'buy').map((c) => argOf(c, 'symbol'));
    expect(bought).toEqual(['AMD', 'AVGO', 'META']);
    expect(run.ledger.rejections).toEqual([]);
  });
});

describe('buy and hold', () => {
  const provider = new MockProvider({ strategy: 'buy_and_hold' });

  it('buys the basket names that trade today, equally, without any lookups', async () => {
    const run = await runDay(provider, { date: TODAY, position: CASH_ONLY, bars: BARS, universe: UNIVERSE });
    expect(callsOf(run, 'get_price_local')).toEqual([]);
    const fills = run.ledger.fills;
    expect(fills.map((f) => f.symbol)).toEqual(['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'AVGO']);
    for (const fill of fills) expect(fill.notional).toBeGreaterThan((10_000 / 7) * 0.97 - fill.price);
  });

  it('only finishes once it holds something', async () => {
    const run = await runDay(provider, {
      date: TODAY,
      position: { cash: 50, holdings: { MSFT: 1 } },
      bars: BARS,
      universe: UNIVERSE,
    });
    expect(run.responses).toHaveLength(1);
    expect(run.responses[0]?.content).toContain(FINISH_SIGNAL);
    expect(run.summary.content).toContain('no trades');
  });
});

describe('random', () => {
  const ordersOn = async (date: string, signature = 'rnd'): Promise<string[]> => {
    const provider = new MockProvider({ strategy: 'random', seed: 3, signature });
    const bars = trendBars(tradingDaysBetween('2025-09-01', date), date);
    const run = await runDay(provider, {
      date,
      position: { cash: 5_000, holdings: { MSFT: 4, AMD: 2 } },
      bars,
      universe: UNIVERSE,
    });
    expect(run.ledger.rejections).toEqual([]);
    return callsOf(run).map((c) => `${c.name} ${c.rawArguments}`);
  };
  const dates = tradingDaysBetween('2025-09-22', '2025-10-03');

  it('differs across dates but repeats exactly on the same date', async () => {
    const byDate = await Promise.all(dates.map((date) => ordersOn(date)));
    expect(new Set(byDate.map((orders) => orders.join('|'))).size).toBeGreaterThan(2);
    expect(await ordersOn(dates[3] ?? TODAY)).toEqual(byDate[3]);
  });

  it('gives another signature other dice', async () => {
    const mine = await Promise.all(dates.map((date) => ordersOn(date, 'a')));
    const theirs = await Promise.all(dates.map((date) => ordersOn(date, 'b')));
    expect(theirs).not.toEqual(mine);
  });
});

describe('a few weeks of the synthetic demo market', () => {
  const sessions = tradingDaysBetween('2025-06-02', '2025-06-27');
  const bars = demoBarsForRange('2025-05-01', '2025-06-27', NASDAQ_100_SYMBOLS);

  async function season(strategy: MockStrategyName): Promise<{ fillsByDay: number[]; position: Position }> {
    const provider = new MockProvider({ strategy, seed: 1, signature: strategy });
    let position: Position = { cash: 10_000, holdings: {} };
    const fillsByDay: number[] = [];
    for (const date of sessions) {
      const run = await runDay(provider, { date, position, bars, universe: NASDAQ_100_SYMBOLS });
      expect(run.ledger.rejections, `${strategy} on ${date}`).toEqual([]);
      expect(run.responses.at(-1)?.content).toContain(FINISH_SIGNAL);
      fillsByDay.push(run.ledger.fills.length);
      position = run.ledger.position;
    }
    return { fillsByDay, position };
  }

  it('trades every strategy day after day without a single rejected order', async () => {
    const results = await Promise.all(MOCK_STRATEGIES.map(season));
    const [momentumRun, meanReversionRun, buyAndHoldRun] = results;
    expect(buyAndHoldRun?.fillsByDay.slice(1).every((n) => n === 0)).toBe(true);
    expect(buyAndHoldRun?.fillsByDay[0]).toBe(BUY_AND_HOLD_BASKET.length);
    expect(momentumRun?.fillsByDay.filter((n) => n > 0).length).toBeGreaterThan(1);
    expect(meanReversionRun?.fillsByDay.filter((n) => n > 0).length).toBeGreaterThan(1);
    // Different rules end in different portfolios, or a leaderboard of them would mean nothing.
    const endings = new Set(results.map((r) => JSON.stringify(r.position)));
    expect(endings.size).toBe(MOCK_STRATEGIES.length);
  });
});
