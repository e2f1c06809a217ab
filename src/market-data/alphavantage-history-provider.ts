import { countTradingDays, isTradingDay, previousTradingDay } from '../core/calendar.js';
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
 * Alpha Vantage as a history provider: asks for `compact` when the oldest needed bar is among the
 * last 100 sessions before today, else `full` (the client falls back to compact for free keys).
 */
export class AlphaVantageHistoryProvider implements PriceHistoryProvider {
  readonly source = 'alphavantage' as const;

  constructor(
    private readonly client: AlphaVantageClient,
    /** The clock, as today's UTC date; injected so tests and replays are deterministic. */
    private readonly today: () => string,
    private readonly options: AlphaVantageHistoryProviderOptions = {},
  ) {}

  async fetchHistory(symbol: string, oldest: string): Promise<HistoryResult> {
    const today = this.today();
    const latestSession = isTradingDay(today) ? today : previousTradingDay(today);
    const outputSize = chooseOutputSize(oldest, latestSession, countTradingDays);
    try {
      const { bars: sent, warnings, outputSize: served } = await this.client.fetchDaily(symbol, outputSize);
      const first = sent[0];
      if (!first) throw new HistoryFetchError('no_data', `${symbol}: Alpha Vantage returned no bars`);
      // Today's bar (or a later one, on a skewed clock) may be a session still trading: never stored.
      const bars = sent.filter((bar) => bar.date < today);
      const last = bars[bars.length - 1];
      // A full answer is the whole listed history; a compact one only its last 100 sessions. Either
      // way it speaks for every session up to the one before today, so a delisted symbol's silence
      // after its last bar is an answer, not a gap to fetch again. Today itself is never covered.
      const from = served === 'full' ? EARLIEST_DATE : first.date;
      const through = maxDate(last?.date ?? EARLIEST_DATE, previousTradingDay(today));
      if (from > through) {
        throw new HistoryFetchError('no_data', `${symbol}: Alpha Vantage returned no complete session yet`);
      }
      return { bars, coverage: { from, through }, warnings };
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
