import type { Kysely } from 'kysely';
import type { DailyBar } from '../core/bars.js';
import { calendarDaysBetween } from '../core/dates.js';
import type { CoverageSpan, PriceSource, PriceStore, SourceCounts } from '../market-data/price-store.js';
import { inTransaction } from './transaction.js';
import { bumpChangeCounter } from './change-counters.js';
import type { Database, PriceBarsTable } from './schema.js';

// 9 columns x 1000 rows stays far below SQLite's 32766 bound variables per statement (PostgreSQL:
// 65535); measured, larger statements are no faster on either backend, smaller ones are slower.
const BARS_PER_INSERT = 1000;

export interface KyselyPriceStoreOptions {
  /**
   * Bars and coverage of these sources are invisible to every read (PROD jobs exclude 'synthetic'),
   * as if never stored. Saving is unaffected: a real bar still replaces a hidden one.
   */
  excludeSources?: readonly PriceSource[];
  /**
   * Reads bars in statements of about this many rows at most (a few symbols each). On SQLite a
   * statement's rows are read synchronously, so a job's year of prices read at once holds the event
   * loop for many milliseconds; in pieces, a background reader (see `OpenDatabase.background`) lets
   * requests in between them. Absent: one statement.
   */
  rowsPerRead?: number;
}

/** What PROD jobs read: real prices only, so synthetic bars never reach a PROD simulation. */
export const REAL_PRICES_ONLY: Readonly<KyselyPriceStoreOptions> = { excludeSources: ['synthetic'] };

export class KyselyPriceStore implements PriceStore {
  readonly #excluded: PriceSource[];
  readonly #rowsPerRead: number | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    options: KyselyPriceStoreOptions = {},
  ) {
    this.#excluded = [...new Set(options.excludeSources ?? [])];
    this.#rowsPerRead = options.rowsPerRead;
  }

  async saveBars(bars: readonly DailyBar[], source: PriceSource): Promise<number> {
    const rows = uniqueRows(bars, source, new Date().toISOString());
    if (rows.length === 0) return 0;
    await inTransaction(this.db, async (trx) => {
      for (let start = 0; start < rows.length; start += BARS_PER_INSERT) {
        await trx
          .insertInto('price_bars')
          .values(rows.slice(start, start + BARS_PER_INSERT))
          .onConflict((oc) =>
            oc.columns(['symbol', 'date']).doUpdateSet((eb) => ({
              open: eb.ref('excluded.open'),
              high: eb.ref('excluded.high'),
              low: eb.ref('excluded.low'),
              close: eb.ref('excluded.close'),
              volume: eb.ref('excluded.volume'),
              source: eb.ref('excluded.source'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
      await bumpChangeCounter(trx, 'prices');
    });
    return rows.length;
  }

  async loadBars(symbols: readonly string[], start: string, end: string): Promise<DailyBar[]> {
    if (symbols.length === 0) return [];
    const pieces = await this.#inPieces(symbols, start, end, (some) => this.#readBars(some, start, end));
    const rows = pieces.length === 1 ? (pieces[0] as DailyBar[]) : pieces.flat();
    // PostgreSQL may order text by locale; re-sort by code point so both backends agree (nearly free on sorted input).
    return rows.sort((a, b) => compareText(a.symbol, b.symbol) || compareText(a.date, b.date));
  }

  /** `read` of every symbol, a few symbols at a time when `rowsPerRead` says so, one piece each. */
  async #inPieces<T>(
    symbols: readonly string[],
    start: string,
    end: string,
    read: (some: readonly string[]) => Promise<T>,
  ): Promise<T[]> {
    // A symbol has at most a bar a day (crypto trades every day): enough symbols per read to fill it.
    const days = Math.max(1, calendarDaysBetween(start, end) + 1);
    const perRead =
      this.#rowsPerRead === undefined ? symbols.length : Math.max(1, Math.floor(this.#rowsPerRead / days));
    const pieces: T[] = [];
    for (let first = 0; first < symbols.length; first += perRead) {
      pieces.push(await read(symbols.slice(first, first + perRead)));
    }
    return pieces;
  }

  #readBars(symbols: readonly string[], start: string, end: string): Promise<DailyBar[]> {
    return this.db
      .selectFrom('price_bars')
      .select(['symbol', 'date', 'open', 'high', 'low', 'close', 'volume'])
      .where('symbol', 'in', [...symbols])
      .where('date', '>=', start)
      .where('date', '<=', end)
      .$if(this.#excluded.length > 0, (qb) => qb.where('source', 'not in', this.#excluded))
      .orderBy('symbol')
      .orderBy('date')
      .execute();
  }

  async storedDates(
    symbols: readonly string[],
    start: string,
    end: string,
  ): Promise<Map<string, Set<string>>> {
    const dates = new Map<string, Set<string>>();
    if (symbols.length === 0) return dates;
    const pieces = await this.#inPieces(symbols, start, end, (some) =>
      this.db
        .selectFrom('price_bars')
        .select(['symbol', 'date'])
        .where('symbol', 'in', [...some])
        .where('date', '>=', start)
        .where('date', '<=', end)
        .$if(this.#excluded.length > 0, (qb) => qb.where('source', 'not in', this.#excluded))
        .execute(),
    );
    for (const rows of pieces) {
      for (const { symbol, date } of rows) {
        let set = dates.get(symbol);
        if (set === undefined) dates.set(symbol, (set = new Set()));
        set.add(date);
      }
    }
    return dates;
  }

  async recordCoverage(span: CoverageSpan): Promise<void> {
    await this.db
      .insertInto('price_coverage')
      .values({
        symbol: span.symbol,
        start_date: span.startDate,
        end_date: span.endDate,
        source: span.source,
        fetched_at: span.fetchedAt,
      })
      .execute();
  }

  async coverage(symbols: readonly string[], start: string, end: string): Promise<CoverageSpan[]> {
    if (symbols.length === 0) return [];
    const rows = await this.db
      .selectFrom('price_coverage')
      .select(['symbol', 'start_date', 'end_date', 'source', 'fetched_at'])
      .where('symbol', 'in', [...symbols])
      .where('start_date', '<=', end)
      .where('end_date', '>=', start)
      .$if(this.#excluded.length > 0, (qb) => qb.where('source', 'not in', this.#excluded))
      .orderBy('symbol')
      .orderBy('start_date')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      symbol: row.symbol,
      startDate: row.start_date,
      endDate: row.end_date,
      source: row.source,
      fetchedAt: row.fetched_at,
    }));
  }

  async barCountsBySource(
    symbols: readonly string[],
    start: string,
    end: string,
  ): Promise<Map<string, SourceCounts>> {
    const counts = new Map<string, SourceCounts>();
    if (symbols.length === 0) return counts;
    const rows = await this.db
      .selectFrom('price_bars')
      .select((eb) => ['symbol', 'source', eb.fn.countAll<number | string>().as('bars')])
      .where('symbol', 'in', [...symbols])
      .where('date', '>=', start)
      .where('date', '<=', end)
      .$if(this.#excluded.length > 0, (qb) => qb.where('source', 'not in', this.#excluded))
      .groupBy(['symbol', 'source'])
      .execute();
    for (const row of rows) {
      // PostgreSQL returns count(*) as a string (bigint).
      counts.set(row.symbol, { ...counts.get(row.symbol), [row.source]: Number(row.bars) });
    }
    return counts;
  }
}

/** Rows to upsert, one per (symbol, date) with the last bar winning: PostgreSQL refuses to update one row twice in a statement. */
function uniqueRows(bars: readonly DailyBar[], source: PriceSource, updatedAt: string): PriceBarsTable[] {
  const byKey = new Map<string, PriceBarsTable>();
  for (const bar of bars) {
    byKey.set(`${bar.symbol}\u0000${bar.date}`, {
      symbol: bar.symbol,
      date: bar.date,
      open: bar.open,
      high: bar.high,
      low: bar.low,
      close: bar.close,
      volume: bar.volume,
      source,
      updated_at: updatedAt,
    });
  }
  return [...byKey.values()];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
