/**
 * The results answers as CSV tables, built from the JSON answers themselves so that both formats
 * carry the same figures, rounded alike. Column names are the JSON field names.
 */
import { roundTo } from '../core/metrics.js';
import type {
  DayResultResponse,
  LeaderboardEntryResponse,
  LeaderboardResponse,
  RangeResultResponse,
  ResultsResponse,
  TradesResponse,
} from './contract/results.js';
import type { ReasoningLevel } from '../results/results-types.js';
import { toCsv, type CsvCell } from './csv.js';
import { EVIDENCE_COLUMNS, evidenceCells } from './evidence-csv.js';

/** As the day's return_pct in JSON. */
const DAILY_PCT_DECIMALS = 4;

/**
 * One date: one row per model-day. A range: one row per model and date, its daily values (the
 * period's metrics are the leaderboard's rows). With reasoning=summary a `summary` column is added;
 * full conversations are only in JSON.
 */
export function resultsCsv(answer: ResultsResponse, reasoning: ReasoningLevel): string {
  const withSummary = reasoning === 'summary';
  const days = answer.results.filter((r): r is DayResultResponse => 'daily_metrics' in r);
  const ranges = answer.results.filter((r): r is RangeResultResponse => 'period_metrics' in r);
  if (ranges.length > 0) return rangeCsv(ranges, withSummary);
  return dayCsv(days, withSummary);
}

const DAY_COLUMNS = [
  'date',
  'model',
  'job_id',
  'starting_cash',
  'starting_portfolio_value',
  'ending_cash',
  'ending_portfolio_value',
  'profit',
  'return_pct',
  'trades',
  'holdings',
  'prompt_tokens',
  'completion_tokens',
  'cost_usd',
  'superseded',
  'superseded_by_job',
];

/** A trailing `run` column only when some row is of a run >= 2 (a job with repeats). */
function runColumn(rows: readonly { run?: number | undefined }[]): {
  header: string[];
  cell: (row: { run?: number | undefined }) => CsvCell[];
} {
  const withRuns = rows.some((r) => r.run !== undefined);
  return withRuns ? { header: ['run'], cell: (r) => [r.run ?? 1] } : { header: [], cell: () => [] };
}

function dayCsv(days: readonly DayResultResponse[], withSummary: boolean): string {
  const runs = runColumn(days);
  const header = [...(withSummary ? [...DAY_COLUMNS, 'summary'] : DAY_COLUMNS), ...runs.header];
  return toCsv(
    header,
    days.map((d) => {
      const row: CsvCell[] = [
        d.date,
        d.model,
        d.job_id,
        d.starting_position.cash,
        d.starting_position.portfolio_value,
        d.final_position.cash,
        d.final_position.portfolio_value,
        d.daily_metrics.profit,
        d.daily_metrics.return_pct,
        d.trades.length,
        // "AAPL:10 MSFT:5": one field, by symbol, as the JSON lists them.
        d.final_position.holdings.map((h) => `${h.symbol}:${h.quantity}`).join(' '),
        d.metadata.prompt_tokens,
        d.metadata.completion_tokens,
        d.metadata.cost_usd,
        d.superseded,
        d.superseded_by_job,
      ];
      if (withSummary) row.push(typeof d.reasoning === 'string' ? d.reasoning : null);
      row.push(...runs.cell(d));
      return row;
    }),
  );
}

const RANGE_COLUMNS = [
  'date',
  'model',
  'portfolio_value',
  'daily_return_pct',
  'cumulative_return_pct',
  'superseded',
];

/** Returns from the period's starting value, as the range's metrics measure them. */
function rangeCsv(ranges: readonly RangeResultResponse[], withSummary: boolean): string {
  const runs = runColumn(ranges);
  const header = [...(withSummary ? [...RANGE_COLUMNS, 'summary'] : RANGE_COLUMNS), ...runs.header];
  const rows = ranges.flatMap((r) => {
    const start = r.period_metrics.starting_portfolio_value;
    const superseded = new Set(r.superseded_dates);
    const summaries = new Map(
      (r.reasoning ?? []).map((d) => [d.date, 'summary' in d ? d.summary : null] as const),
    );
    let previous = start;
    return r.daily_portfolio_values.map(({ date, portfolio_value: value }) => {
      const row: CsvCell[] = [
        date,
        r.model,
        value,
        pctChange(previous, value),
        pctChange(start, value),
        superseded.has(date),
      ];
      if (withSummary) row.push(summaries.get(date) ?? null);
      row.push(...runs.cell(r));
      previous = value;
      return row;
    });
  });
  return toCsv(header, rows);
}

function pctChange(from: number, to: number): number | null {
  return from > 0 ? roundTo((to / from - 1) * 100, DAILY_PCT_DECIMALS) : null;
}

const TRADE_COLUMNS = [
  'date',
  'model',
  'job_id',
  'action',
  'symbol',
  'quantity',
  'price',
  'commission',
  'notional',
  'created_at',
  'superseded',
] as const;

/**
 * One row per trade, the JSON fields in order. Trades of a job with repeats add a trailing `run`
 * column (1 for run 1), so exports without runs keep their columns.
 */
export function tradesCsv(answer: TradesResponse): string {
  const withRuns = answer.trades.some((t) => t.run !== undefined);
  return toCsv(
    withRuns ? [...TRADE_COLUMNS, 'run'] : TRADE_COLUMNS,
    answer.trades.map((t) => [
      ...TRADE_COLUMNS.map((column) => t[column]),
      ...(withRuns ? [t.run ?? 1] : []),
    ]),
  );
}

const LEADERBOARD_COLUMNS = [
  'starting_value',
  'ending_value',
  'period_return_pct',
  'trades',
  'turnover',
  'max_drawdown_pct',
  'max_drawdown_start',
  'max_drawdown_end',
  'sharpe',
  'calmar',
  'alpha_pct',
  'beta',
  'prompt_tokens',
  'completion_tokens',
  'cost_usd',
] as const satisfies readonly (keyof LeaderboardEntryResponse)[];

/**
 * One row per entry, ranked 1, 2, ..., then the benchmark with no rank; every row carries the
 * board's period. Superseded dates are one field, space-separated. A board with evidence appends
 * its columns at the end (evidence-csv.ts), so the leading columns read as they always did.
 */
export function leaderboardCsv(board: LeaderboardResponse): string {
  const withEvidence = board.evidence !== undefined;
  // As in the trades export: a board with runs ends each row with its run (the benchmark's empty).
  const withRuns = board.entries.some((e) => e.run !== undefined);
  const row = (e: LeaderboardEntryResponse, rank: number | null): CsvCell[] => [
    rank,
    e.model,
    board.start_date,
    board.end_date,
    ...LEADERBOARD_COLUMNS.map((column) => e[column]),
    e.superseded_dates.join(' '),
    ...(withEvidence ? evidenceCells(e.evidence) : []),
  ];
  const rows = board.entries.map((e, i) => [...row(e, i + 1), ...(withRuns ? [e.run ?? 1] : [])]);
  if (board.benchmark !== null) rows.push([...row(board.benchmark, null), ...(withRuns ? [null] : [])]);
  const header = ['rank', 'model', 'start_date', 'end_date', ...LEADERBOARD_COLUMNS, 'superseded_dates'];
  const columns = withEvidence ? [...header, ...EVIDENCE_COLUMNS] : header;
  return toCsv(withRuns ? [...columns, 'run'] : columns, rows);
}
