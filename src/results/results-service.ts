/**
 * GET /results and the leaderboard as an application service: a domain query in, domain results
 * out, refusals as domain errors (InvalidResultsQueryError, NoResultsError). Every answer is one
 * market's (see MarketScope).
 */
import { benchmarkSeries } from '../core/benchmark.js';
import { addDays, calendarDaysBetween } from '../core/dates.js';
import { DEFAULT_MARKET_ID, marketById } from '../core/markets/index.js';
import { benchmarkSymbols, type Market, type MarketId } from '../core/markets/market.js';
import { resolveWindow, type DateWindow } from './date-window.js';
import { estimateCost, type CostEstimate, type PlannedModelDays } from './cost-estimate.js';
import { dayResults } from './day-results.js';
import type { ValueSeries } from '../core/relative-metrics.js';
import { benchmarkHolding, benchmarkName, benchmarkStake, loadBenchmark, rankModels } from './leaderboard.js';
import { leaderboardEvidence, type EvidenceLeaderboard } from './leaderboard-evidence.js';
import { rangeResults } from './range-results.js';
import { InvalidResultsQueryError, NoResultsError } from './results-errors.js';
import type { DayFilter, ResultsStore, StoredDay } from './results-store.js';
import type {
  BenchmarkSeries,
  BenchmarkSeriesQuery,
  Leaderboard,
  LeaderboardQuery,
  MarketScope,
  ModelRangeResult,
  Results,
  ResultsQuery,
  TradeList,
  TradesQuery,
} from './results-types.js';
import { tradeList } from './trade-list.js';

/** The calendar days one `reasoning=full` answer may cover (RESULTS_FULL_REASONING_MAX_DAYS). */
export const DEFAULT_FULL_REASONING_MAX_DAYS = 31;

export interface ResultsServiceOptions {
  /**
   * The market a question that names none (and no job) is about: the config's. `us` unless told,
   * so a deployment of the original's config answers its clients as the original did.
   */
  defaultMarket?: MarketId;
  /** Whole conversations are large (tens of KB a model-day): one answer covers at most this many days. */
  fullReasoningMaxDays?: number;
}

export class ResultsService {
  readonly #defaultMarket: MarketId;
  readonly #fullReasoningMaxDays: number;

  constructor(
    private readonly store: ResultsStore,
    options: ResultsServiceOptions = {},
  ) {
    this.#defaultMarket = options.defaultMarket ?? DEFAULT_MARKET_ID;
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
    const market = await this.marketOf(query);
    const days = await this.store.modelDays(dayFilter(window, market, query));
    if (days.length === 0) throw new NoResultsError();
    if (window.single) {
      return { market, mode: 'single-date', days: await dayResults(this.store, days, query.reasoning) };
    }
    // Non-empty here, and ordered by date.
    const [from, to] = [(days[0] as StoredDay).date, (days.at(-1) as StoredDay).date];
    const benchmark = await loadBenchmark(this.store, market.benchmark, from, to);
    const models = await rangeResults(this.store, market, days, query.reasoning, benchmark);
    return { market, mode: 'range', models };
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
   * Every trade over the window of getResults (the same dates, filters, market and lookback), by
   * date, model and execution order. No trades is an empty list, not an error: a quiet period is an
   * answer.
   */
  async trades(query: TradesQuery, now: Date, lookbackDays: number): Promise<TradeList> {
    const window = lookbackWindow(query, now, lookbackDays);
    const market = await this.marketOf(query);
    const days = await this.store.modelDays(dayFilter(window, market, query));
    return { market, trades: await tradeList(this.store, days) };
  }

  /**
   * The market's benchmark over the window of getResults (its dates, or the lookback without any),
   * for charts that draw the models against it: an instrument's closes, or a basket's level from
   * the window's first complete open. No bars is an empty series, not an error.
   */
  async benchmarkSeries(
    query: BenchmarkSeriesQuery,
    now: Date,
    lookbackDays: number,
  ): Promise<BenchmarkSeries> {
    const window = lookbackWindow(query, now, lookbackDays);
    const market = await this.marketOf(query);
    const start = window.start ?? window.end;
    const symbols = benchmarkSymbols(market.benchmark);
    const [bars, sources] = await Promise.all([
      this.store.benchmarkBars(symbols, start, window.end),
      this.store.benchmarkSources(symbols, start, window.end),
    ]);
    // No close before the window: an instrument's series is then its own closes, as charts want them.
    const series = benchmarkSeries(market.benchmark, { bars, closesBefore: new Map() });
    const labels = Object.keys(sources);
    return {
      market,
      symbol: benchmarkName(market.benchmark),
      label: market.benchmark.label,
      startDate: start,
      endDate: window.end,
      source: labels.length === 0 ? null : labels.length === 1 ? (labels[0] as string) : 'mixed',
      closes: (series?.values ?? []).map(({ date, value }) => ({ date, close: value })),
    };
  }

  /**
   * Every model ranked by period return, next to the market's benchmark bought and held over the
   * same dates. Without dates it covers all history up to today; no data gives an empty board
   * rather than an error, as a fresh install has none.
   */
  async leaderboard(query: LeaderboardQuery, now: Date): Promise<Leaderboard> {
    return (await this.#board(query, now)).board;
  }

  /**
   * The leaderboard with its evidence (leaderboard-evidence.ts): spreads, intervals and tests over
   * the same days, and what they cost. Asked for apart, as it resamples thousands of times.
   */
  async leaderboardWithEvidence(query: LeaderboardQuery, now: Date): Promise<EvidenceLeaderboard> {
    const { board, ranges, prices } = await this.#board(query, now);
    return { ...board, evidence: leaderboardEvidence(board, ranges, prices) };
  }

  async #board(
    query: LeaderboardQuery,
    now: Date,
  ): Promise<{ board: Leaderboard; ranges: ModelRangeResult[]; prices: ValueSeries | null }> {
    const window = resolveWindow(query, now, () => undefined);
    const market = await this.marketOf(query);
    const days = await this.store.modelDays(dayFilter(window, market, query));
    const first = days[0];
    const last = days.at(-1);
    if (first === undefined || last === undefined) {
      return {
        board: { market, startDate: null, endDate: null, entries: [], benchmark: null },
        ranges: [],
        prices: null,
      };
    }
    const prices = await loadBenchmark(this.store, market.benchmark, first.date, last.date);
    const ranges = await rangeResults(this.store, market, days, 'none', prices);
    const entries = rankModels(ranges);
    const board: Leaderboard = {
      market,
      startDate: first.date,
      endDate: last.date,
      entries,
      benchmark: prices === null ? null : benchmarkHolding(market, prices, benchmarkStake(entries)),
    };
    return { board, ranges, prices };
  }

  /**
   * What `planned` model-days of `market` may cost, from each model's recorded usage per committed
   * model-day there (cost-estimate.ts); a model with none recorded gets a reason instead of a figure.
   */
  estimateCost(market: MarketId, planned: readonly PlannedModelDays[]): Promise<CostEstimate> {
    return estimateCost(this.store, market, planned);
  }

  /**
   * The market a question is about. A job trades one market, so naming a job names its market: a
   * `market` that contradicts it is refused rather than answered with nothing. A job there is no
   * record of has no market to give; the question is then the named (or default) market's, and
   * finds no days.
   */
  private async marketOf(scope: MarketScope): Promise<Market> {
    if (scope.jobId !== undefined) {
      const jobMarket = await this.store.jobMarket(scope.jobId);
      if (jobMarket !== null) {
        if (scope.market !== undefined && scope.market !== jobMarket) {
          throw new InvalidResultsQueryError(
            `market=${scope.market} contradicts job_id ${scope.jobId}, which trades the ${jobMarket} ` +
              `market: leave market out (a job's results are its own market's) or ask for market=${jobMarket}`,
          );
        }
        return marketById(jobMarket);
      }
    }
    return marketById(scope.market ?? this.#defaultMarket);
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
 * (marked as such); otherwise it is the models' standing history in the market, live days only.
 */
function dayFilter(window: DateWindow, market: Market, query: { model?: string; jobId?: string }): DayFilter {
  return {
    market: market.id,
    startDate: window.start,
    endDate: window.end,
    model: query.model,
    jobId: query.jobId,
    includeSuperseded: query.jobId !== undefined,
  };
}
