import type { Market } from '../core/markets/index.js';
import type { TradingCalendar } from '../core/trading-calendar.js';
import type { AlphaVantageClient } from './alphavantage/client.js';
import { chooseOutputSize } from './alphavantage/client.js';
import { isAlphaVantageError, type AlphaVantageError } from './alphavantage/errors.js';
import { HistoryFetchError, type HistoryResult, type PriceHistoryProvider } from './history-provider.js';

const EARLIEST_DATE = '1900-01-01';
const maxDate = (a: string, b: string): string => (a > b ? a : b);

export interface AlphaVantageHistoryProviderOptions {
  /** Where the key came from (e.g. the setting's name), so a refused key says which one to fix. */
  keySource?: string;
}

/**
 * Alpha Vantage as a history provider for every market, on one client (one key, one allowance):
 * asks for `compact` when the oldest needed bar is among the market's last 100 sessions before
 * today, else `full` (the client falls back to compact for free keys).
 */
export class AlphaVantageHistoryProvider implements PriceHistoryProvider {
  readonly source = 'alphavantage' as const;

  constructor(
    private readonly client: AlphaVantageClient,
    /** The clock, as today's UTC date; injected so tests and replays are deterministic. */
    private readonly today: () => string,
    private readonly options: AlphaVantageHistoryProviderOptions = {},
  ) {}

  async fetchHistory(
    symbol: string,
    oldest: string,
    _newest: string,
    market: Market,
  ): Promise<HistoryResult> {
    const today = this.today();
    const calendar = market.calendar;
    const outputSize = chooseOutputSize(oldest, latestSessionBy(calendar, today), (a, b) =>
      calendar.countSessions(a, b),
    );
    try {
      const fetched = await this.client.fetchDaily(symbol, outputSize, market);
      const first = fetched.bars[0];
      if (!first) throw new HistoryFetchError('no_data', `${symbol}: Alpha Vantage returned no bars`);
      // Today's bar (or a later one, on a skewed clock) may be a session still trading: never stored.
      const bars = fetched.bars.filter((bar) => bar.date < today);
      const last = bars[bars.length - 1];
      // A whole listed history speaks for every earlier date; a compact one only for its last 100
      // sessions. Either way it speaks for every session up to the one before today, so a delisted
      // symbol's silence after its last bar is an answer, not a gap to fetch again. Today itself is
      // never covered.
      const from = fetched.wholeHistory ? EARLIEST_DATE : first.date;
      const through = maxDate(last?.date ?? EARLIEST_DATE, sessionBeforeToday(calendar, today));
      if (from > through) {
        throw new HistoryFetchError('no_data', `${symbol}: Alpha Vantage returned no complete session yet`);
      }
      return { bars, coverage: { from, through }, warnings: fetched.warnings };
    } catch (error) {
      if (isAlphaVantageError(error)) throw this.historyError(error);
      throw error;
    }
  }

  private historyError(error: AlphaVantageError): HistoryFetchError {
    // 'premium' only escapes the client when even compact was refused: treat as a key problem.
    if (error.kind !== 'invalid_key' && error.kind !== 'premium')
      return new HistoryFetchError(error.kind, error.message, error.upstream);
    const key = this.options.keySource === undefined ? 'the API key' : `the key in ${this.options.keySource}`;
    return new HistoryFetchError(
      'invalid_key',
      `Alpha Vantage refused ${key}: ${error.notice ?? error.message}`,
      error.upstream,
    );
  }
}

/**
 * The latest session on or before today. Past the calendar's known years (the SSE calendar ends
 * with its last published year) the calendar cannot say, so its last date stands in: the request
 * then asks for full history, which is the safe side.
 */
function latestSessionBy(calendar: TradingCalendar, today: string): string {
  return calendar.covers(today) ? calendar.latestSessionOnOrBefore(today) : calendar.lastDate;
}

/** The last session known to be over; outside the calendar's years nothing beyond the bars is vouched for. */
function sessionBeforeToday(calendar: TradingCalendar, today: string): string {
  return calendar.covers(today) ? calendar.previousSession(today) : EARLIEST_DATE;
}
