/** Single-date mode: every model-day of the date, with its positions, trades, usage and reasoning. */
import { compareText } from '../core/dates.js';
import type { ResultsStore, StoredDay, StoredHolding, StoredMessage, StoredTrade } from './results-store.js';
import type { DayReasoning, DayResult, Holding, ReasoningLevel, Trade } from './results-types.js';
import { groupByDay, reasoningMessage, usageOf } from './stored-days.js';

export async function dayResults(
  store: ResultsStore,
  days: readonly StoredDay[],
  reasoning: ReasoningLevel,
): Promise<DayResult[]> {
  const ids = days.map((d) => d.id);
  const [trades, holdings, usage, messages, refusals] = await Promise.all([
    store.tradesFor(ids),
    store.holdingsFor(ids),
    store.usageTotals(ids),
    reasoning === 'full' ? store.reasoningFor(ids) : Promise.resolve([]),
    store.refusalsFor(ids),
  ]);
  const refusalsByDay = groupByDay(refusals);
  const tradesByDay = groupByDay(trades);
  const endHoldings = groupByDay(holdings);
  const messagesByDay = groupByDay(messages);
  return days.map((day) => ({
    date: day.date,
    model: day.model,
    jobId: day.jobId,
    startingPosition: {
      holdings: holdingsBefore(endHoldings.get(day.id) ?? [], tradesByDay.get(day.id) ?? []),
      cash: day.startingCash,
      value: day.startingValue,
    },
    metrics: {
      profit: day.dailyProfit,
      returnPct: day.dailyReturnPct,
      daysSinceLastTrading: day.daysSinceLastTrading,
    },
    trades: (tradesByDay.get(day.id) ?? []).map(tradeOf),
    finalPosition: {
      holdings: holdingsOf(endHoldings.get(day.id)),
      cash: day.endingCash,
      value: day.endingValue,
    },
    session: {
      totalActions: day.totalActions,
      durationSeconds: day.sessionDurationSeconds,
      completedAt: day.completedAt,
    },
    usage: usageOf(usage.get(day.id)),
    reasoning: dayReasoning(reasoning, day, messagesByDay.get(day.id)),
    refusedCalls: (refusalsByDay.get(day.id) ?? []).map(({ dayId: _dayId, createdAt, ...call }) => ({
      ...call,
      at: createdAt,
    })),
    superseded: day.supersededAt !== null,
    supersededByJob: day.supersededByJob,
  }));
}

/** The fields /results has always listed; the trades export lists costs and notionals too. */
function tradeOf(t: StoredTrade): Trade {
  return { side: t.side, symbol: t.symbol, quantity: t.quantity, price: t.price, executedAt: t.executedAt };
}

function holdingsOf(rows: readonly StoredHolding[] | undefined): Holding[] {
  return (rows ?? []).map((h) => ({ symbol: h.symbol, quantity: h.quantity }));
}

/**
 * The holdings a day started from: its closing holdings with its own trades undone. Positions change
 * only by whole-share fills, so this is exact; and unlike "the model's previous live day" it holds
 * for a superseded day too, whose previous day may since have been replaced as well.
 */
function holdingsBefore(end: readonly StoredHolding[], trades: readonly StoredTrade[]): Holding[] {
  const shares = new Map(end.map((h) => [h.symbol, h.quantity]));
  for (const t of trades) {
    shares.set(t.symbol, (shares.get(t.symbol) ?? 0) + (t.side === 'buy' ? -t.quantity : t.quantity));
  }
  return [...shares]
    .filter(([, quantity]) => quantity > 0)
    .sort(([a], [b]) => compareText(a, b))
    .map(([symbol, quantity]) => ({ symbol, quantity }));
}

function dayReasoning(
  level: ReasoningLevel,
  day: StoredDay,
  messages: readonly StoredMessage[] | undefined,
): DayReasoning {
  if (level === 'summary') return { level, summary: day.summary };
  if (level === 'full') return { level, messages: (messages ?? []).map(reasoningMessage) };
  return { level };
}
