import type { Kysely } from 'kysely';
import type {
  DayFilter,
  ResultsStore,
  StoredDay,
  StoredHolding,
  StoredMessage,
  StoredRefusal,
  StoredTrade,
} from '../results/results-store.js';
import type { Usage } from '../results/results-types.js';
import type { DailyBar } from '../core/bars.js';
import { addDays } from '../core/dates.js';
import type { MarketId } from '../core/markets/market.js';
import type { PriceStore } from '../market-data/price-store.js';
import { KyselyPriceStore } from './kysely-price-store.js';
import { readDataVersion } from './change-counters.js';
import type { Database } from './schema.js';

/**
 * Ids per IN list: a request normally fits in one statement; a very long range is split so SQLite's
 * bound-parameter limit is never reached.
 */
const IDS_PER_QUERY = 1000;

async function byIdChunks<T>(ids: readonly number[], query: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY)
    rows.push(...(await query(ids.slice(i, i + IDS_PER_QUERY))));
  return rows;
}

// PostgreSQL may order text by locale; sorting by code point in JS makes both backends agree.
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class KyselyResultsStore implements ResultsStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly prices: PriceStore = new KyselyPriceStore(db),
  ) {}

  dataVersion(): Promise<string> {
    return readDataVersion(this.db);
  }

  async modelDays(filter: DayFilter): Promise<StoredDay[]> {
    let query = this.db
      .selectFrom('trading_days')
      .select([
        'id',
        'job_id as jobId',
        'model',
        'date',
        'starting_cash as startingCash',
        'ending_cash as endingCash',
        'starting_value as startingValue',
        'ending_value as endingValue',
        'daily_profit as dailyProfit',
        'daily_return_pct as dailyReturnPct',
        'days_since_last_trading as daysSinceLastTrading',
        'total_actions as totalActions',
        'summary',
        'session_duration_seconds as sessionDurationSeconds',
        'completed_at as completedAt',
        'superseded_at as supersededAt',
        'superseded_by_job as supersededByJob',
      ])
      .where('market', '=', filter.market)
      .where('date', '<=', filter.endDate);
    if (!filter.includeSuperseded) query = query.where('superseded_at', 'is', null);
    if (filter.startDate !== undefined) query = query.where('date', '>=', filter.startDate);
    if (filter.model !== undefined) query = query.where('model', '=', filter.model);
    if (filter.jobId !== undefined) query = query.where('job_id', '=', filter.jobId);
    const rows = await query.execute();
    return rows.sort((a, b) => compareText(a.date, b.date) || compareText(a.model, b.model));
  }

  async tradesFor(dayIds: readonly number[]): Promise<StoredTrade[]> {
    const rows = await byIdChunks(dayIds, (ids) =>
      this.db
        .selectFrom('trades')
        .select([
          'trading_day_id as dayId',
          'seq',
          'action_type as side',
          'symbol',
          'quantity',
          'price',
          'commission',
          'notional',
          'created_at as executedAt',
        ])
        .where('trading_day_id', 'in', ids)
        .execute(),
    );
    return rows.sort((a, b) => a.dayId - b.dayId || a.seq - b.seq).map(({ seq: _seq, ...trade }) => trade);
  }

  async holdingsFor(dayIds: readonly number[]): Promise<StoredHolding[]> {
    const rows = await byIdChunks(dayIds, (ids) =>
      this.db
        .selectFrom('holdings')
        .select(['trading_day_id as dayId', 'symbol', 'quantity'])
        .where('trading_day_id', 'in', ids)
        .where('quantity', '>', 0)
        .execute(),
    );
    return sortHoldings(rows);
  }

  async reasoningFor(dayIds: readonly number[]): Promise<StoredMessage[]> {
    const rows = await byIdChunks(dayIds, (ids) =>
      this.db
        .selectFrom('reasoning_logs')
        .select([
          'trading_day_id as dayId',
          'seq',
          'role',
          'content',
          'tool_calls as toolCalls',
          'tool_call_id as toolCallId',
          'tool_name as toolName',
          'created_at as createdAt',
        ])
        .where('trading_day_id', 'in', ids)
        .execute(),
    );
    return rows
      .sort((a, b) => a.dayId - b.dayId || a.seq - b.seq)
      .map(({ seq: _seq, ...message }) => message);
  }

  async tradedNotional(dayIds: readonly number[]): Promise<Map<number, number>> {
    const rows = await byIdChunks(dayIds, (ids) =>
      this.db
        .selectFrom('trades')
        .select((eb) => ['trading_day_id', eb.fn.sum<number>('notional').as('notional')])
        .where('trading_day_id', 'in', ids)
        .groupBy('trading_day_id')
        .execute(),
    );
    // Number(): pg may hand sums over as strings.
    return new Map(rows.map((r) => [r.trading_day_id, Number(r.notional)]));
  }

  async usageTotals(dayIds: readonly number[]): Promise<Map<number, Usage>> {
    const rows = await byIdChunks(dayIds, (ids) =>
      this.db
        .selectFrom('token_usage')
        .select((eb) => [
          'trading_day_id',
          eb.fn.sum<number>('prompt_tokens').as('prompt_tokens'),
          eb.fn.sum<number>('completion_tokens').as('completion_tokens'),
          eb.fn.sum<number | null>('cost_usd').as('cost_usd'),
          eb.fn.count<number>('cost_usd').as('priced_calls'),
          eb.fn.countAll<number>().as('calls'),
        ])
        .where('trading_day_id', 'in', ids)
        .groupBy('trading_day_id')
        .execute(),
    );
    // Number(): pg hands bigint sums over as strings unless a type parser was installed for them.
    return new Map(
      rows.map((r) => [
        r.trading_day_id,
        {
          promptTokens: Number(r.prompt_tokens),
          completionTokens: Number(r.completion_tokens),
          costUsd:
            r.cost_usd === null || Number(r.priced_calls) < Number(r.calls) ? null : Number(r.cost_usd),
        },
      ]),
    );
  }

  // Benchmark prices go through the price store, so they obey the same source rule as the jobs
  // (PROD never reads synthetic bars).
  async refusalsFor(dayIds: readonly number[]): Promise<StoredRefusal[]> {
    const rows = await byIdChunks(dayIds, (ids) =>
      this.db
        .selectFrom('tool_call_audit')
        .select([
          'trading_day_id as dayId',
          'seq',
          'tool',
          'arguments',
          'outcome',
          'reason',
          'message',
          'created_at as createdAt',
        ])
        .where('trading_day_id', 'in', ids)
        .execute(),
    );
    return rows
      .sort((a, b) => a.dayId - b.dayId || a.seq - b.seq)
      .map(({ seq: _seq, ...refusal }) => refusal);
  }

  async jobMarket(jobId: string): Promise<MarketId | null> {
    const row = await this.db
      .selectFrom('jobs')
      .select('market')
      .where('job_id', '=', jobId)
      .executeTakeFirst();
    return row?.market ?? null;
  }

  async benchmarkSources(
    symbols: readonly string[],
    startDate: string,
    endDate: string,
  ): Promise<Partial<Record<string, number>>> {
    const totals: Partial<Record<string, number>> = {};
    for (const counts of (await this.prices.barCountsBySource(symbols, startDate, endDate)).values()) {
      for (const [source, n] of Object.entries(counts)) totals[source] = (totals[source] ?? 0) + (n ?? 0);
    }
    return totals;
  }

  benchmarkBars(symbols: readonly string[], startDate: string, endDate: string): Promise<DailyBar[]> {
    return this.prices.loadBars(symbols, startDate, endDate);
  }

  async closesBefore(symbols: readonly string[], date: string): Promise<Map<string, number>> {
    // Any gap between sessions (holidays, Chinese New Year's week, halts) is far shorter than this window.
    const bars = await this.prices.loadBars(
      symbols,
      addDays(date, -CLOSE_BEFORE_WINDOW_DAYS),
      addDays(date, -1),
    );
    // Ordered by symbol then date: each symbol's last bar wins.
    return new Map(bars.map((bar) => [bar.symbol, bar.close]));
  }
}

const CLOSE_BEFORE_WINDOW_DAYS = 31;

function sortHoldings(rows: StoredHolding[]): StoredHolding[] {
  return rows.sort((a, b) => a.dayId - b.dayId || compareText(a.symbol, b.symbol));
}
