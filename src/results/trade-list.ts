/** The trades export: every fill of the given model-days, each with the day it belongs to. */
import type { ResultsStore, StoredDay } from './results-store.js';
import type { TradeRecord } from './results-types.js';
import { groupByDay } from './stored-days.js';

/** In the days' order (date, then model), each day's trades in execution order. */
export async function tradeList(store: ResultsStore, days: readonly StoredDay[]): Promise<TradeRecord[]> {
  const tradesByDay = groupByDay(await store.tradesFor(days.map((d) => d.id)));
  return days.flatMap((day) =>
    (tradesByDay.get(day.id) ?? []).map((t): TradeRecord => ({
      date: day.date,
      model: day.model,
      jobId: day.jobId,
      side: t.side,
      symbol: t.symbol,
      quantity: t.quantity,
      price: t.price,
      commission: t.commission,
      notional: t.notional,
      executedAt: t.executedAt,
      superseded: day.supersededAt !== null,
    })),
  );
}
