import { describeValue } from './describe-value.js';
import type { DailyBar } from './bars.js';
import { isIsoDate } from './dates.js';
import type { MarketForOrders } from './ledger/orders.js';
import { PriceIndex } from './price-index.js';
import { type Frequency, isSessionKey, isSessionLabel, sessionFrequency } from './session-keys.js';

/**
 * The one gate to prices for session D: a trading day (`YYYY-MM-DD`) or an hourly bar
 * (`YYYY-MM-DD HH:MM:SS`, see session-keys.ts). Decisions in D are made at its open, so the view
 * gives earlier sessions in full, only the open of D itself, and nothing after D. In an hourly
 * session that is the guard by the minute: the day's earlier hours and earlier days in full, the
 * current bar's open only, the next hour refused like the next day. It may be built over a shared
 * PriceIndex holding later bars too (so a job indexes its prices once), which is why every read goes
 * through `#bar`, the single place that refuses keys after D, and keys of the other kind (a day's bar
 * is not knowable from its hours, nor an hour's from a day view). A refused lookup comes back as a
 * result with its reason and a message for the model; the tool executor audits it from there.
 */

export type RefusalReason =
  'future_date' | 'same_day_beyond_open' | 'invalid_date' | 'unknown_symbol' | 'no_data';

export type PriceLookup =
  | {
      ok: true;
      symbol: string;
      date: string;
      open: number;
      high?: number;
      low?: number;
      close?: number;
      volume?: number;
      /** True for day D, where only the open is known. */
      partial: boolean;
    }
  | { ok: false; reason: RefusalReason; message: string };

export type PriceField = 'open' | 'high' | 'low' | 'close' | 'volume';

export type FieldLookup =
  | { ok: true; symbol: string; date: string; field: PriceField; value: number }
  | { ok: false; reason: RefusalReason; message: string };

export interface PreviousClose {
  date: string;
  close: number;
}

type Resolved =
  | { ok: true; symbol: string; date: string; bar: DailyBar }
  | { ok: false; reason: RefusalReason; message: string };

/** How refusals name the session: `on 2024-01-08` and `today` for a day, `at ... 10:00:00` for an hour. */
const WORDING: Readonly<Record<Frequency, { at: string; current: string; kind: string }>> = {
  daily: { at: 'on', current: 'today', kind: 'date' },
  hourly: { at: 'at', current: 'in this session', kind: 'session' },
};

export class MarketView {
  readonly #date: string;
  readonly #frequency: Frequency;
  readonly #universe: ReadonlySet<string>;
  readonly #index: PriceIndex;
  #opens: Map<string, number> | undefined;
  #previousCloses: Map<string, PreviousClose> | undefined;

  /** `prices` may hold bars after D: they are never readable through the view. */
  constructor(date: string, prices: readonly DailyBar[] | PriceIndex, universe: ReadonlySet<string>) {
    if (!isSessionKey(date)) {
      throw new RangeError(
        `MarketView needs a YYYY-MM-DD date or a YYYY-MM-DD HH:MM:SS session, got ${JSON.stringify(date)}`,
      );
    }
    this.#date = date;
    this.#frequency = sessionFrequency(date);
    this.#universe = new Set([...universe].map((symbol) => symbol.toUpperCase()));
    // A private index of a caller's array is built from copies of its bars up to D only, so later
    // mutation of the array or its bars, or a bug here, still cannot expose anything after D.
    this.#index =
      prices instanceof PriceIndex
        ? prices
        : new PriceIndex(prices.filter((b) => b.date <= date).map((b) => ({ ...b })));
  }

  /**
   * The only read of the index: nothing after D, nothing of the other kind of session, and nothing
   * outside the universe, ever leaves. Keys of one kind are all the same length, so that is the test.
   */
  #bar(symbol: string, date: string): DailyBar | undefined {
    if (date > this.#date || date.length !== this.#date.length || !this.#universe.has(symbol)) {
      return undefined;
    }
    return this.#index.bar(symbol, date);
  }

  /** Session D's key: its date, or its hourly label. */
  get date(): string {
    return this.#date;
  }

  get frequency(): Frequency {
    return this.#frequency;
  }

  /** Today's open of one symbol (a partial bar), refused like any lookup when it has none. */
  openToday(symbol: unknown): PriceLookup {
    return this.lookup(symbol, this.#date);
  }

  /** Today's opens of every symbol that trades on D, by symbol. */
  todayOpens(): ReadonlyMap<string, number> {
    if (!this.#opens) {
      this.#opens = new Map();
      for (const symbol of [...this.#universe].sort()) {
        const bar = this.#bar(symbol, this.#date);
        if (bar) this.#opens.set(symbol, bar.open);
      }
    }
    return new Map(this.#opens);
  }

  /** Each symbol's latest close strictly before D: the previous session's close, whatever the gap. */
  previousCloses(): ReadonlyMap<string, PreviousClose> {
    if (!this.#previousCloses) {
      this.#previousCloses = new Map();
      for (const symbol of [...this.#universe].sort()) {
        const bar = this.#index.latestBefore(symbol, this.#date);
        // latestBefore is strictly before D; #bar re-applies the rule so the guard stays in one place.
        if (bar && this.#bar(symbol, bar.date))
          this.#previousCloses.set(symbol, { date: bar.date, close: bar.close });
      }
    }
    return new Map([...this.#previousCloses].map(([symbol, close]) => [symbol, { ...close }]));
  }

  lastCloseBefore(symbol: string): number | undefined {
    return this.previousCloses().get(symbol.toUpperCase())?.close;
  }

  /** A bar as it was knowable on D: full for earlier dates, open only for D, refused after D. */
  lookup(symbol: unknown, date: unknown): PriceLookup {
    const resolved = this.#resolve(symbol, date, 'open');
    if (!resolved.ok) return resolved;
    const { bar } = resolved;
    if (bar.date === this.#date) {
      return { ok: true, symbol: resolved.symbol, date: bar.date, open: bar.open, partial: true };
    }
    const { open, high, low, close, volume } = bar;
    return {
      ok: true,
      symbol: resolved.symbol,
      date: bar.date,
      open,
      high,
      low,
      close,
      volume,
      partial: false,
    };
  }

  /** One field of one bar; asking for anything but the open of D is refused as looking ahead. */
  field(symbol: unknown, date: unknown, field: PriceField): FieldLookup {
    const resolved = this.#resolve(symbol, date, field);
    if (!resolved.ok) return resolved;
    return { ok: true, symbol: resolved.symbol, date: resolved.date, field, value: resolved.bar[field] };
  }

  /**
   * What the ledger needs to fill orders in D. An hourly session is one of several in its trading
   * day, which the ledger needs to know to word T+1 (sellable from the next day, not the next hour).
   */
  forMarketForOrders(): MarketForOrders {
    const orders: MarketForOrders = { universe: new Set(this.#universe), opens: this.todayOpens() };
    return this.#frequency === 'hourly' ? { ...orders, intraday: true } : orders;
  }

  #resolve(symbol: unknown, date: unknown, field: PriceField): Resolved {
    const today = this.#date;
    const { at, current, kind } = WORDING[this.#frequency];
    // Read only after the universe check below, which refuses a symbol that is not a string.
    const ticker = typeof symbol === 'string' ? symbol.trim().toUpperCase() : '';
    const refuse = (reason: RefusalReason, message: string): Resolved => ({ ok: false, reason, message });

    // A key of the other kind is refused as written wrongly: a day view reads days, an hour view hours.
    const daily = this.#frequency === 'daily';
    if (typeof date !== 'string' || !(daily ? isIsoDate(date) : isSessionLabel(date))) {
      return refuse(
        'invalid_date',
        daily
          ? `Invalid date ${describeValue(date)}: dates must be real calendar dates written YYYY-MM-DD.`
          : `Invalid session ${describeValue(date)}: sessions are hourly bars written YYYY-MM-DD HH:MM:SS ` +
              `in the market's local time, like this one: ${today}.`,
      );
    }
    if (date > today) {
      return refuse(
        'future_date',
        `Prices after ${today} are not available ${at} ${today}; ${date} is in the future.`,
      );
    }
    if (date === today && field !== 'open') {
      return refuse(
        'same_day_beyond_open',
        `Only the open of ${today} is available ${at} ${today}; its ${field} is not known until the session ends.`,
      );
    }
    if (typeof symbol !== 'string' || !this.#universe.has(ticker)) {
      return refuse(
        'unknown_symbol',
        `Unknown symbol ${describeValue(symbol)}: it is not in the tradable universe.`,
      );
    }
    const bar = this.#bar(ticker, date);
    if (!bar) {
      return refuse(
        'no_data',
        date === today
          ? `${ticker} has no price ${at} ${date}: it does not trade ${current}.`
          : `${ticker} has no price ${at} ${date}: the market was closed or there is no data for that ${kind}.`,
      );
    }
    return { ok: true, symbol: ticker, date, bar };
  }
}
