import { describe, expect, it } from 'vitest';
import { MOCK_STRATEGIES, type MockStrategyName } from '../../../src/config/app-config.js';
import type { DailyBar } from '../../../src/core/bars.js';
import { tradingDaysBetween } from '../../../src/core/calendar.js';
import type { CostModel } from '../../../src/core/ledger/costs.js';
import type { Position } from '../../../src/core/ledger/position.js';
import { PriceIndex } from '../../../src/core/price-index.js';
import { FINISH_SIGNAL, SUMMARY_REQUEST } from '../../../src/core/prompt.js';
import { NASDAQ_100_SYMBOLS } from '../../../src/core/universe.js';
import { MockProvider } from '../../../src/llm/mock-provider.js';
import { BUY_AND_HOLD_BASKET } from '../../../src/llm/mock/buy-and-hold.js';
import type { CompletionRequest, CompletionResponse, LlmProvider } from '../../../src/llm/provider.js';
import { demoBarsForRange } from '../../../src/market-data/demo/demo-dataset.js';
import type { ModelDayRecord, ReasoningEntry } from '../../../src/simulation/model-day-record.js';
import { runModelDay } from '../../../src/simulation/model-day-runner.js';
import { US_MARKET } from '../../../src/core/markets/index.js';

/**
 * The mocks played through the real runtime (runModelDay: prompt, MarketView, tool executor, DayLedger,
 * summary, valuation), so they are held to the same rules a real model is and every assertion is about
 * what a model-day records.
 */

interface Day {
  date: string;
  position: Position;
  prices: PriceIndex;
  universe: readonly string[];
  maxSteps?: number;
  costs?: CostModel;
}

const INITIAL_CASH = 10_000;
/** A fixed clock: the record's timestamps are not what these tests are about, and equal runs compare equal. */
const NOW = (): Date => new Date('2025-10-06T13:30:00.000Z');

function runDay(provider: LlmProvider, day: Day): Promise<ModelDayRecord> {
  return runModelDay({
    jobId: 'job-mock',
    market: US_MARKET,
    model: provider.modelId,
    date: day.date,
    provider,
    prices: day.prices,
    universe: day.universe,
    start: { position: day.position, previousDate: null, previousEndingValue: null },
    maxSteps: day.maxSteps ?? 30,
    initialCash: INITIAL_CASH,
    ...(day.costs ? { costs: day.costs } : {}),
    now: NOW,
  });
}

/** Passes every call on to the mock and keeps its answers, for what a record does not carry. */
class ResponseLog implements LlmProvider {
  readonly modelId: string;
  readonly responses: CompletionResponse[] = [];

  constructor(private readonly inner: LlmProvider) {
    this.modelId = inner.modelId;
  }

  async complete(request: CompletionRequest, signal?: AbortSignal): Promise<CompletionResponse> {
    const response = await this.inner.complete(request, signal);
    this.responses.push(response);
    return response;
  }
}

/** The assistant messages of the trading loop: everything the model said before the summary was asked for. */
function decisions(record: ModelDayRecord): ReasoningEntry[] {
  const summaryAsked = record.reasoning.findIndex((m) => m.role === 'user' && m.content === SUMMARY_REQUEST);
  return record.reasoning.slice(0, summaryAsked).filter((m) => m.role === 'assistant');
}

type RecordedCall = NonNullable<ReasoningEntry['toolCalls']>[number];

function callsOf(record: ModelDayRecord, name?: string): RecordedCall[] {
  return decisions(record)
    .flatMap((m) => m.toolCalls ?? [])
    .filter((c) => name === undefined || c.name === name);
}

function ordersOf(record: ModelDayRecord): RecordedCall[] {
  return callsOf(record).filter((c) => c.name === 'buy' || c.name === 'sell');
}

/** An argument as the runtime reads it: from the raw JSON text the model sent. */
function argOf(call: RecordedCall, key: string): unknown {
  return (JSON.parse(call.arguments) as Record<string, unknown>)[key];
}

function rejectionsOf(record: ModelDayRecord): string[] {
  return record.audit
    .filter((a) => a.outcome === 'rejected')
    .map((a) => `${a.tool} ${a.arguments}: ${a.reason}`);
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
const PRICES = new PriceIndex(BARS);
const TRADED_TODAY = new Set(BARS.filter((b) => b.date === TODAY).map((b) => b.symbol));
/**
 * The same market in shares of a dollar or two: whole-share rounding then leaves almost no cash over,
 * so only the mocks' cash buffer can pay for costs they cannot see.
 */
const PENNY_PRICES = new PriceIndex(
  BARS.map((b) => ({ ...b, open: b.open / 100, high: b.high / 100, low: b.low / 100, close: b.close / 100 })),
);
const CASH_ONLY: Position = { cash: 10_000, holdings: {} };
const HOLDING_A_RISER_AND_A_FALLER: Position = { cash: 10_000, holdings: { AAPL: 5, AMD: 10 } };

/** A start from which each strategy does trade today, so "every order fills" is never vacuous. */
const TRADING_START: Record<MockStrategyName, Position> = {
  momentum: HOLDING_A_RISER_AND_A_FALLER,
  mean_reversion: HOLDING_A_RISER_AND_A_FALLER,
  // It buys its basket once, with cash, and never trades again.
  buy_and_hold: CASH_ONLY,
  random: HOLDING_A_RISER_AND_A_FALLER,
};

describe.each(MOCK_STRATEGIES)('the %s mock over the real runtime', (strategy: MockStrategyName) => {
  const mock = (): MockProvider => new MockProvider({ strategy, seed: 7, signature: `mock-${strategy}` });
  const day: Day = { date: TODAY, position: TRADING_START[strategy], prices: PRICES, universe: UNIVERSE };

  it('places only well-formed orders, sells before buys, and every one of them fills', async () => {
    const record = await runDay(mock(), day);
    const orders = ordersOf(record);
    expect(orders.length).toBeGreaterThan(0);
    for (const call of orders) {
      const amount = argOf(call, 'amount');
      expect(Number.isInteger(amount) && (amount as number) >= 1).toBe(true);
      expect(TRADED_TODAY.has(argOf(call, 'symbol') as string)).toBe(true);
    }
    const sides = orders.map((c) => c.name);
    expect(sides).toEqual([...sides].sort((a, b) => (a === 'sell' ? 0 : 1) - (b === 'sell' ? 0 : 1)));
    expect(rejectionsOf(record)).toEqual([]);
    expect(record.trades.map((t) => `${t.side} ${t.quantity} ${t.symbol}`)).toEqual(
      orders.map((c) => `${c.name} ${String(argOf(c, 'amount'))} ${String(argOf(c, 'symbol'))}`),
    );
    expect(record.endPosition.cash).toBeGreaterThanOrEqual(0);
  });

  it('leaves room for slippage and commission it cannot see', async () => {
    const costs = { commissionBps: 25, slippageBps: 25 };
    let buys = 0;
    for (const position of [CASH_ONLY, HOLDING_A_RISER_AND_A_FALLER]) {
      const record = await runDay(mock(), { ...day, prices: PENNY_PRICES, position, costs });
      expect(rejectionsOf(record)).toEqual([]);
      expect(record.trades).toHaveLength(ordersOf(record).length);
      for (const trade of record.trades) expect(trade.commission).toBeGreaterThan(0);
      buys += record.trades.filter((t) => t.side === 'buy').length;
    }
    // Costs only threaten buys: without one this test would prove nothing.
    expect(buys).toBeGreaterThan(0);
  });

  it('ends the day with the stop word and no tool calls, then summarises the filled trades', async () => {
    const provider = new ResponseLog(mock());
    const record = await runDay(provider, day);
    const last = decisions(record).at(-1);
    expect(last?.toolCalls).toBeUndefined();
    expect(last?.content).toContain(FINISH_SIGNAL);
    expect(provider.responses.at(-2)?.finishReason).toBe('stop');
    expect(record.trades.length).toBeGreaterThan(0);
    for (const trade of record.trades) expect(record.summary).toContain(`${trade.quantity} ${trade.symbol}`);
    // The mock's own summary, not the runtime's fallback (which would name the trades too).
    expect(record.summary).not.toContain('Summary unavailable');
    expect(record.summary).not.toContain(FINISH_SIGNAL);
    expect(record.reasoning.at(-1)).toMatchObject({ role: 'assistant', content: record.summary });
    expect(record.reasoning.at(-1)?.toolCalls).toBeUndefined();
    expect(record.usage.map((u) => u.kind).at(-1)).toBe('summary');
  });

  it('gives the same answers to the same conversation', async () => {
    // One mock that has just played another conversation, one fresh: what it cached must not matter.
    const used = mock();
    const otherStart = day.position === CASH_ONLY ? HOLDING_A_RISER_AND_A_FALLER : CASH_ONLY;
    await runDay(used, { ...day, position: otherStart });
    const first = await runDay(used, day);
    const second = await runDay(mock(), day);
    expect(second).toEqual(first);
  });

  it('reports a usage estimate, a single attempt and its own model id', async () => {
    const provider = new ResponseLog(mock());
    const record = await runDay(provider, day);
    expect(provider.responses.map((r) => r.attempts)).toEqual(provider.responses.map(() => 1));
    const first = record.usage[0];
    expect(first).toMatchObject({ kind: 'decision', model: `mock:${strategy}`, latencyMs: 0 });
    // The first request holds only the system prompt and the day's instruction: about four characters a token.
    const [system, instruction] = record.reasoning;
    const promptChars = (system?.content?.length ?? 0) + (instruction?.content?.length ?? 0);
    expect(first?.promptTokens).toBe(Math.round(promptChars / 4));
    expect(first?.completionTokens).toBeGreaterThan(0);
    expect(first?.totalTokens).toBe((first?.promptTokens ?? 0) + (first?.completionTokens ?? 0));
    // Each call sees the conversation so far, so the estimate grows with it.
    const prompts = record.usage.map((u) => u.promptTokens);
    expect(prompts).toEqual([...prompts].sort((a, b) => a - b));
  });
});

describe('momentum', () => {
  const provider = (): MockProvider => new MockProvider({ strategy: 'momentum' });

  it('looks a week back, then buys the five strongest risers equally with a cash buffer', async () => {
    const record = await runDay(provider(), {
      date: TODAY,
      position: CASH_ONLY,
      prices: PRICES,
      universe: UNIVERSE,
    });
    const lookups = callsOf(record, 'get_price_local');
    expect(lookups.length).toBeGreaterThan(0);
    expect(new Set(lookups.map((c) => argOf(c, 'date')))).toEqual(new Set(['2025-09-29']));
    expect(callsOf(record, 'buy').map((c) => argOf(c, 'symbol'))).toEqual([
      'AAPL',
      'MSFT',
      'NVDA',
      'AMZN',
      'GOOGL',
    ]);
    expect(record.trades.map((t) => t.symbol)).toEqual(['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL']);
    const spent = record.trades.reduce((sum, t) => sum + t.notional, 0);
    expect(spent).toBeLessThanOrEqual(10_000 * 0.99);
    expect(spent).toBeGreaterThan(10_000 * 0.9);
  });

  it('sells holdings that dropped out of the top set and keeps the ones still in it', async () => {
    const position = { cash: 100, holdings: { AAPL: 3, AMD: 10 } };
    const record = await runDay(provider(), { date: TODAY, position, prices: PRICES, universe: UNIVERSE });
    expect(callsOf(record, 'sell').map((c) => c.arguments)).toEqual(['{"symbol":"AMD","amount":10}']);
    expect(callsOf(record, 'buy').map((c) => argOf(c, 'symbol'))).not.toContain('AAPL');
    expect(record.endPosition.holdings['AMD']).toBeUndefined();
    expect(record.endPosition.holdings['AAPL']).toBe(3);
  });

  it('retries a holiday one weekday earlier', async () => {
    // 2025-09-01 was Labor Day: a week before 2025-09-08 there is no bar, so it asks for Friday 08-29.
    const bars = trendBars(tradingDaysBetween('2025-08-20', '2025-09-08'), '2025-09-08');
    const record = await runDay(provider(), {
      date: '2025-09-08',
      position: CASH_ONLY,
      prices: new PriceIndex(bars),
      universe: UNIVERSE,
    });
    const dates = callsOf(record, 'get_price_local').map((c) => argOf(c, 'date'));
    expect(new Set(dates)).toEqual(new Set(['2025-09-01', '2025-08-29']));
    // Each holiday lookup was refused, and the day's audit says so.
    const holidayLookups = dates.filter((date) => date === '2025-09-01').length;
    expect(record.audit.map((a) => `${a.outcome} ${a.reason}`)).toEqual(
      Array.from({ length: holidayLookups }, () => 'refused no_data'),
    );
    expect(record.trades.map((t) => t.symbol)).toEqual(['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL']);
  });

  it('falls back to the overnight gap after a few refused lookups', async () => {
    const prices = new PriceIndex(BARS.filter((b) => b.date >= '2025-10-03'));
    const record = await runDay(provider(), { date: TODAY, position: CASH_ONLY, prices, universe: UNIVERSE });
    const lookupTurns = decisions(record).filter((m) =>
      m.toolCalls?.some((c) => c.name === 'get_price_local'),
    );
    expect(lookupTurns).toHaveLength(3);
    expect(record.trades.map((t) => t.symbol)).toEqual(['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL']);
  });

  it('keeps a turn for its orders when the runtime caps the turns', async () => {
    const prices = new PriceIndex(BARS.filter((b) => b.date >= '2025-10-03'));
    const record = await runDay(provider(), {
      date: TODAY,
      position: CASH_ONLY,
      prices,
      universe: UNIVERSE,
      maxSteps: 2,
    });
    expect(decisions(record).map((m) => m.toolCalls?.[0]?.name)).toEqual(['get_price_local', 'buy']);
    expect(record.trades.map((t) => t.symbol)).toEqual(['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL']);
  });
});

describe('mean reversion', () => {
  it('sells a holding that bounced and buys the biggest losers into the free slots', async () => {
    const position = { cash: 1_000, holdings: { AAPL: 5, ADBE: 4 } };
    const record = await runDay(new MockProvider({ strategy: 'mean_reversion' }), {
      date: TODAY,
      position,
      prices: PRICES,
      universe: UNIVERSE,
    });
    expect(callsOf(record, 'sell').map((c) => c.arguments)).toEqual(['{"symbol":"AAPL","amount":5}']);
    expect(callsOf(record, 'buy').map((c) => argOf(c, 'symbol'))).toEqual(['AMD', 'AVGO', 'META']);
    expect(rejectionsOf(record)).toEqual([]);
    expect(record.trades.map((t) => `${t.side} ${t.symbol}`)).toEqual([
      'sell AAPL',
      'buy AMD',
      'buy AVGO',
      'buy META',
    ]);
  });
});

describe('buy and hold', () => {
  const provider = (): MockProvider => new MockProvider({ strategy: 'buy_and_hold' });

  it('buys the basket names that trade today, equally, without any lookups', async () => {
    const record = await runDay(provider(), {
      date: TODAY,
      position: CASH_ONLY,
      prices: PRICES,
      universe: UNIVERSE,
    });
    expect(callsOf(record, 'get_price_local')).toEqual([]);
    expect(record.trades.map((t) => t.symbol)).toEqual([
      'AAPL',
      'MSFT',
      'NVDA',
      'AMZN',
      'GOOGL',
      'META',
      'AVGO',
    ]);
    for (const trade of record.trades)
      expect(trade.notional).toBeGreaterThan((10_000 / 7) * 0.97 - trade.price);
  });

  it('finishes at once, trading nothing, when it already holds something', async () => {
    const record = await runDay(provider(), {
      date: TODAY,
      position: { cash: 50, holdings: { MSFT: 1 } },
      prices: PRICES,
      universe: UNIVERSE,
    });
    expect(decisions(record)).toHaveLength(1);
    expect(decisions(record)[0]?.content).toContain(FINISH_SIGNAL);
    expect(record.trades).toEqual([]);
    expect(record.summary).toContain('no trades');
  });
});

describe('random', () => {
  const ordersOn = async (date: string, signature = 'rnd'): Promise<string[]> => {
    const provider = new MockProvider({ strategy: 'random', seed: 3, signature });
    const bars = trendBars(tradingDaysBetween('2025-09-01', date), date);
    const record = await runDay(provider, {
      date,
      position: { cash: 5_000, holdings: { MSFT: 4, AMD: 2 } },
      prices: new PriceIndex(bars),
      universe: UNIVERSE,
    });
    expect(rejectionsOf(record)).toEqual([]);
    expect(record.trades).toHaveLength(ordersOf(record).length);
    return callsOf(record).map((c) => `${c.name} ${c.arguments}`);
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
  const prices = new PriceIndex(demoBarsForRange('2025-05-01', '2025-06-27', NASDAQ_100_SYMBOLS));

  async function season(strategy: MockStrategyName): Promise<{ fillsByDay: number[]; position: Position }> {
    const provider = new MockProvider({ strategy, seed: 1, signature: strategy });
    let position: Position = { cash: INITIAL_CASH, holdings: {} };
    const fillsByDay: number[] = [];
    for (const date of sessions) {
      const record = await runDay(provider, { date, position, prices, universe: NASDAQ_100_SYMBOLS });
      expect(rejectionsOf(record), `${strategy} on ${date}`).toEqual([]);
      expect(decisions(record).at(-1)?.content, `${strategy} on ${date}`).toContain(FINISH_SIGNAL);
      fillsByDay.push(record.trades.length);
      position = record.endPosition;
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
