/**
 * `/results`: what the models did, one model-day (single date) or one model per range; the
 * leaderboard; and every trade. Each in JSON or, asked for, as a CSV attachment.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { compareText, todayUtc } from '../../core/dates.js';
import type { MarketId } from '../../core/markets/market.js';
import { AnswerCache, sendAnswer, type SerializedAnswer } from '../answer-cache.js';
import type { ResultsService } from '../../results/results-service.js';
import type { TradesQuery } from '../../results/results-types.js';
import {
  benchmarkQuerySchema,
  benchmarkResponses,
  leaderboardQuerySchema,
  leaderboardResponses,
  resultsQuerySchema,
  resultsResponses,
  tradesQuerySchema,
  tradesResponses,
  type ExportFormat,
} from '../contract/results.js';
import { HttpError } from '../errors.js';
import { toCsv } from '../csv.js';
import { CSV_CONTENT_TYPE, exportFilename, negotiateFormat } from '../export-format.js';
import { benchmarkSeriesAnswer, leaderboardAnswer, resultsAnswer, tradesAnswer } from '../results-answers.js';
import { leaderboardCsv, resultsCsv, tradesCsv } from '../results-csv.js';
import { evidenceLeaderboardAnswer } from '../evidence-answers.js';

export interface ResultsRoutesOptions {
  results: Pick<
    ResultsService,
    'getResults' | 'leaderboard' | 'leaderboardWithEvidence' | 'trades' | 'benchmarkSeries' | 'dataVersion'
  >;
  now: () => Date;
  /** The window without dates: `DEFAULT_RESULTS_LOOKBACK_DAYS`. */
  lookbackDays: number;
}

export const DATE_PARAMETER_REMOVED =
  "The 'date' parameter has been removed. Use start_date and end_date instead (equal dates for a single day).";

/** The query parameters every window-and-filter route shares (as the contract's schemas parse them). */
interface WindowParameters {
  start_date?: string | undefined;
  end_date?: string | undefined;
  model?: string | undefined;
  job_id?: string | undefined;
  market?: MarketId | undefined;
}

/** An answer as a CSV attachment: its text and the file name a browser saves it under. */
interface CsvExport {
  filename: string;
  text: string;
}

const FORMATS_NOTE =
  ' JSON by default; CSV (an attachment) with format=csv or `Accept: text/csv` (format= wins).';

const MARKET_NOTE =
  " One market's: `market` (us, cn, crypto) chooses; without it, job_id's market, else the server's. " +
  'JSON answers say which (`market`) and what their money is in (`currency`); CSV file names of cn and ' +
  'crypto carry the market.';

export const resultsRoutes: FastifyPluginAsyncZod<ResultsRoutesOptions> = async (
  app,
  { results, now, lookbackDays },
) => {
  const cache = new AnswerCache();
  /**
   * An answer computed from the data at one version holds until the version moves: serve it again
   * (or 304) when it has not. The key is the question as validated (`queryKey`), never the raw URL,
   * so parameters the route ignores cannot spell new entries; it carries today's date, which windows
   * and date checks depend on, and the format, which the Accept header may choose under the same
   * URL (hence `Vary: Accept`). The JSON answer is computed first either way, so both formats carry
   * the same figures; a refusal thrown meanwhile is answered in JSON `{detail}` whatever was asked for.
   */
  const cached = async <T>(
    request: FastifyRequest,
    reply: FastifyReply,
    requested: ExportFormat | undefined,
    compute: () => Promise<T>,
    csv: (answer: T) => CsvExport,
  ): Promise<FastifyReply> => {
    const format = negotiateFormat(requested, request.headers.accept);
    const version = await results.dataVersion();
    const today = todayUtc(now());
    const key = queryKey(request.routeOptions.url, today, format, request.query);
    const etag = format === 'json' ? `"v${version}-${today}"` : `"v${version}-${today}-${format}"`;
    reply.header('vary', 'Accept');
    const hit = cache.get(key);
    if (hit !== undefined && hit.etag === etag) return sendAnswer(request, reply, hit);
    const answer = serialize(etag, format, await compute(), csv);
    cache.set(key, answer);
    return sendAnswer(request, reply, answer);
  };

  app.get(
    '/results',
    {
      schema: {
        tags: ['results'],
        summary: 'Trading results',
        description:
          'One date (or equal dates): one item per model-day. A range: one item per model with its daily ' +
          'portfolio values, period, risk and benchmark-relative metrics. Without dates: the last ' +
          'DEFAULT_RESULTS_LOOKBACK_DAYS days. CSV: one row per model-day for a date, one row per model and ' +
          'date (its daily values) for a range.' +
          MARKET_NOTE +
          FORMATS_NOTE,
        querystring: resultsQuerySchema,
        response: resultsResponses,
      },
    },
    async (request, reply) => {
      const query = request.query;
      refuseRemovedDateParameter(query);
      return cached(
        request,
        reply,
        query.format,
        async () =>
          resultsAnswer(
            await results.getResults(
              { ...windowFilter(query), reasoning: query.reasoning },
              now(),
              lookbackDays,
            ),
          ),
        (answer) => ({
          filename: exportFilename('results', query.start_date, query.end_date, answer.market),
          text: resultsCsv(answer, query.reasoning),
        }),
      );
    },
  );

  app.get(
    '/results/leaderboard',
    {
      schema: {
        tags: ['results'],
        summary: 'Leaderboard',
        description:
          'Models ranked by return over the period (all history when no dates are given, or one job), ' +
          'with ending value, trades, turnover, max drawdown and its dates, Sharpe, Calmar, alpha and beta ' +
          "against the market's benchmark, tokens, LLM cost and that benchmark bought and held (QQQ, the " +
          'SSE-50 index, CD5). With evidence=true each row (the benchmark too) adds its spread over runs, 95 % ' +
          'intervals and its test against the benchmark, and the board adds every pair of models tested and ' +
          'what the evidence cost (README "Evidence"). CSV: one row per entry, then the benchmark; evidence ' +
          'adds columns at the end (the pairwise comparisons are in JSON only).' +
          MARKET_NOTE +
          FORMATS_NOTE,
        querystring: leaderboardQuerySchema,
        response: leaderboardResponses,
      },
    },
    async (request, reply) => {
      const query = request.query;
      refuseRemovedDateParameter(query);
      return cached(
        request,
        reply,
        query.format,
        async () =>
          query.evidence === 'true'
            ? evidenceLeaderboardAnswer(await results.leaderboardWithEvidence(windowFilter(query), now()))
            : leaderboardAnswer(await results.leaderboard(windowFilter(query), now())),
        (board) => ({
          filename: exportFilename('leaderboard', board.start_date, board.end_date, board.market),
          text: leaderboardCsv(board),
        }),
      );
    },
  );

  app.get(
    '/results/trades',
    {
      schema: {
        tags: ['results'],
        summary: 'Trades',
        description:
          'Every trade over the window of /results (the same dates, model, job_id and lookback), by date, ' +
          'model and execution order: one item (or CSV row) per trade. A window without trades is an empty ' +
          'list.' +
          MARKET_NOTE +
          FORMATS_NOTE,
        querystring: tradesQuerySchema,
        response: tradesResponses,
      },
    },
    async (request, reply) => {
      const query = request.query;
      return cached(
        request,
        reply,
        query.format,
        async () => tradesAnswer(await results.trades(windowFilter(query), now(), lookbackDays)),
        (answer) => ({
          filename: exportFilename('trades', query.start_date, query.end_date, answer.market),
          text: tradesCsv(answer),
        }),
      );
    },
  );

  app.get(
    '/results/benchmark',
    {
      schema: {
        tags: ['results'],
        summary: 'Benchmark closes',
        description:
          "The market's benchmark over the window of /results (its dates, or the last " +
          "DEFAULT_RESULTS_LOOKBACK_DAYS days), for drawing the models against it: QQQ's or the SSE-50 " +
          "index's closes, CD5's value per unit put in at the window's first open; and where those prices " +
          'came from (synthetic ones are labelled).' +
          MARKET_NOTE +
          FORMATS_NOTE,
        querystring: benchmarkQuerySchema,
        response: benchmarkResponses,
      },
    },
    async (request, reply) => {
      const query = request.query;
      return cached(
        request,
        reply,
        undefined,
        async () =>
          benchmarkSeriesAnswer(
            await results.benchmarkSeries(
              { startDate: query.start_date, endDate: query.end_date, market: query.market },
              now(),
              lookbackDays,
            ),
          ),
        (answer) => ({
          filename: exportFilename('benchmark', query.start_date, query.end_date, answer.market),
          text: toCsv(
            ['date', 'close'],
            answer.values.map((v) => [v.date, v.close]),
          ),
        }),
      );
    },
  );
};

function serialize<T>(
  etag: string,
  format: ExportFormat,
  answer: T,
  csv: (answer: T) => CsvExport,
): SerializedAnswer {
  if (format === 'json') return { etag, body: JSON.stringify(answer) };
  const { filename, text } = csv(answer);
  return {
    etag,
    body: text,
    contentType: CSV_CONTENT_TYPE,
    headers: { 'content-disposition': `attachment; filename="${filename}"` },
  };
}

/**
 * A results question as a cache key: the route, today, the format, and the query as its contract's
 * schema parsed it (unknown parameters stripped, blanks absent, defaults filled in), fields sorted.
 * Equal questions get equal keys however their URLs were spelled.
 */
export function queryKey(
  route: string | undefined,
  today: string,
  format: ExportFormat,
  query: unknown,
): string {
  const fields = Object.entries(query as Record<string, unknown>)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => compareText(a, b));
  return JSON.stringify([route, today, format, fields]);
}

/**
 * The dates, model and job a query names, in the service's words: /results, the leaderboard and the
 * trades all take the same window and filters (the leaderboard reads no lookback into absent dates).
 */
function windowFilter(query: WindowParameters): TradesQuery {
  return {
    startDate: query.start_date,
    endDate: query.end_date,
    model: query.model,
    jobId: query.job_id,
    market: query.market,
  };
}

/** Old clients still send `date`; telling them what replaced it beats silently ignoring it. */
function refuseRemovedDateParameter(query: { date?: string | undefined }): void {
  if (query.date !== undefined) throw new HttpError(422, DATE_PARAMETER_REMOVED);
}
