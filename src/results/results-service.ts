/**
 * GET /results and the leaderboard as an application service: a domain query in, domain results
 * out, refusals as domain errors (InvalidResultsQueryError, NoResultsError).
 */
import { addDays } from '../core/dates.js';
import { resolveWindow, type DateWindow } from './date-window.js';
import { dayResults } from './day-results.js';
import { benchmarkHolding, benchmarkStake, loadBenchmark, rankModels } from './leaderboard.js';
import { rangeResults } from './range-results.js';
import { NoResultsError } from './results-errors.js';
import type { DayFilter, ResultsStore, StoredDay } from './results-store.js';
import type {
  Leaderboard,
  LeaderboardQuery,
  Results,
  ResultsQuery,
  TradeRecord,
  TradesQuery,
} from './results-types.js';
import { tradeList } from './trade-list.js';

export class ResultsService {
  constructor(private readonly store: ResultsStore) {}

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
   * Every trade over the window of getResults (the same dates, filters and lookback), by date, model
   * and execution order. No trades is an empty list, not an error: a quiet period is an answer.
   */
  async trades(query: TradesQuery, now: Date, lookbackDays: number): Promise<TradeRecord[]> {
    const window = lookbackWindow(query, now, lookbackDays);
    return tradeList(this.store, await this.store.modelDays(dayFilter(window, query)));
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
