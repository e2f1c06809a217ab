/**
 * GET /results and the leaderboard as an application service: a domain query in, domain results
 * out, refusals as domain errors (InvalidResultsQueryError, NoResultsError).
 */
import { addDays, calendarDaysBetween } from '../core/dates.js';
import { resolveWindow, type DateWindow } from './date-window.js';
import { dayResults } from './day-results.js';
import { benchmarkHolding, benchmarkStake, loadBenchmark, rankModels } from './leaderboard.js';
import { rangeResults } from './range-results.js';
import { InvalidResultsQueryError, NoResultsError } from './results-errors.js';
import type { DayFilter, ResultsStore, StoredDay } from './results-store.js';
import { BENCHMARK_SYMBOL } from '../core/universe.js';
import type {
  BenchmarkSeries,
  BenchmarkSeriesQuery,
  Leaderboard,
  LeaderboardQuery,
  Results,
  ResultsQuery,
  TradeRecord,
  TradesQuery,
} from './results-types.js';
import { tradeList } from './trade-list.js';

/** The calendar days one `reasoning=full` answer may cover (RESULTS_FULL_REASONING_MAX_DAYS). */
export const DEFAULT_FULL_REASONING_MAX_DAYS = 31;

export interface ResultsServiceOptions {
  /** Whole conversations are large (tens of KB a model-day): one answer covers at most this many days. */
  fullReasoningMaxDays?: number;
}

export class ResultsService {
  readonly #fullReasoningMaxDays: number;

  constructor(
    private readonly store: ResultsStore,
    options: ResultsServiceOptions = {},
  ) {
    this.#fullReasoningMaxDays = options.fullReasoningMaxDays ?? DEFAULT_FULL_REASONING_MAX_DAYS;
  }

  /** What every answer of this service depends on; equal versions mean equal answers to equal questions. */
  dataVersion(): Promise<string> {
    return this.store.dataVersion();
  }

  /**
   * Single-date mode (one date given, or two equal ones) lists every model-day of that date; range
   * mode summarises each model over the window. Without dates the window is the `lookbackDays` days
   * before today plus today.
   */
  async getResults(query: ResultsQuery, now: Date, lookbackDays: number): Promise<Results> {
    const window = lookbackWindow(query, now, lookbackDays);
    if (query.reasoning === 'full') this.#refuseLongFullReasoning(window);
    const days = await this.store.modelDays(dayFilter(window, query));
    if (days.length === 0) throw new NoResultsError();
    if (window.single) {
      return { mode: 'single-date', days: await dayResults(this.store, days, query.reasoning) };
    }
    // Non-empty here, and ordered by date.
    const [from, to] = [(days[0] as StoredDay).date, (days.at(-1) as StoredDay).date];
    const benchmark = await loadBenchmark(this.store, from, to);
    return { mode: 'range', models: await rangeResults(this.store, days, query.reasoning, benchmark) };
  }

  /**
   * Whole conversations over a long window would be read, held and sent at once (every one on record,
   * for a window from 2000): such a question is refused before any is read, saying how to page.
   */
  #refuseLongFullReasoning(window: DateWindow): void {
    const max = this.#fullReasoningMaxDays;
    const start = window.start ?? window.end;
    const days = calendarDaysBetween(start, window.end) + 1;
    if (days <= max) return;
    const firstPageEnd = addDays(start, max - 1);
    throw new InvalidResultsQueryError(
      `reasoning=full covers at most ${max} days per request (RESULTS_FULL_REASONING_MAX_DAYS); ` +
        `${start} to ${window.end} is ${days} days. Ask for it a page at a time: ` +
        `start_date=${start}&end_date=${firstPageEnd}, then start_date=${addDays(firstPageEnd, 1)} and ` +
        `so on, ${max} days each; or use reasoning=summary for the whole range.`,
    );
  }

  /**
   * Every trade over the window of getResults (the same dates, filters and lookback), by date, model
   * and execution order. No trades is an empty list, not an error: a quiet period is an answer.
   */
  async trades(query: TradesQuery, now: Date, lookbackDays: number): Promise<TradeRecord[]> {
    const window = lookbackWindow(query, now, lookbackDays);
    return tradeList(this.store, await this.store.modelDays(dayFilter(window, query)));
  }

  /**
   * The benchmark's closes over the window of getResults (its dates, or the lookback without any),
   * for charts that draw the models against it. No bars is an empty series, not an error.
   */
  async benchmarkSeries(
    query: BenchmarkSeriesQuery,
    now: Date,
    lookbackDays: number,
  ): Promise<BenchmarkSeries> {
    const window = lookbackWindow(query, now, lookbackDays);
    const start = window.start ?? window.end;
    const [bars, sources] = await Promise.all([
      this.store.benchmarkBars(BENCHMARK_SYMBOL, start, window.end),
      this.store.benchmarkSources(BENCHMARK_SYMBOL, start, window.end),
    ]);
    const labels = Object.keys(sources);
    return {
      symbol: BENCHMARK_SYMBOL,
      startDate: start,
      endDate: window.end,
      source: labels.length === 0 ? null : labels.length === 1 ? (labels[0] as string) : 'mixed',
      closes: bars.map(({ date, close }) => ({ date, close })),
    };
  }

  /**
   * Every model ranked by period return, next to QQQ bought and held over the same dates. Without
   * dates it covers all history up to today; no data gives an empty board rather than an error, as
   * a fresh install has none.
   */
  async leaderboard(query: LeaderboardQuery, now: Date): Promise<Leaderboard> {
    const window = resolveWindow(query, now, () => undefined);
    const days = await this.store.modelDays(dayFilter(window, query));
    const first = days[0];
    const last = days.at(-1);
    if (first === undefined || last === undefined) {
      return { startDate: null, endDate: null, entries: [], benchmark: null };
    }
    const prices = await loadBenchmark(this.store, first.date, last.date);
    const entries = rankModels(await rangeResults(this.store, days, 'none', prices));
    return {
      startDate: first.date,
      endDate: last.date,
      entries,
      benchmark: prices === null ? null : benchmarkHolding(prices, benchmarkStake(entries)),
    };
  }
}

/** The query's dates, or without any the `lookbackDays` days before today plus today. */
function lookbackWindow(
  query: { startDate?: string; endDate?: string },
  now: Date,
  lookbackDays: number,
): DateWindow {
  if (!Number.isInteger(lookbackDays) || lookbackDays < 0) {
    throw new RangeError(`lookbackDays must be a whole number >= 0, got ${lookbackDays}`);
  }
  return resolveWindow(query, now, (today) => addDays(today, -lookbackDays));
}

/**
 * Asked about a job, the answer is what that job did, even the days a later run has since replaced
 * (marked as such); otherwise it is the models' standing history, live days only.
 */
function dayFilter(window: DateWindow, query: { model?: string; jobId?: string }): DayFilter {
  return {
    startDate: window.start,
    endDate: window.end,
    model: query.model,
    jobId: query.jobId,
    includeSuperseded: query.jobId !== undefined,
  };
}
