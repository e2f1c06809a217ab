/**
 * The numbers behind the charts, computed in the browser from the API's daily values: returns
 * normalised to the start of the period, drawdowns from the running peak, and the line of the
 * market's benchmark (QQQ, the SSE-50 index, CD5).
 */
import type { BenchmarkResponse, LeaderboardEntryResponse, RangeResultResponse } from '../api/types.js';

export interface Point {
  /** `YYYY-MM-DD` */
  time: string;
  value: number;
}

export interface NamedSeries {
  name: string;
  points: Point[];
  benchmark: boolean;
}

/**
 * A model's value as a return since the period began, in percent: its starting value (before its
 * first day's trades) is 0%, so the last point equals the leaderboard's period return.
 */
export function modelReturnSeries(result: RangeResultResponse): NamedSeries {
  const base = result.period_metrics.starting_portfolio_value;
  return {
    name: result.model,
    benchmark: false,
    points: result.daily_portfolio_values.map(({ date, portfolio_value }) => ({
      time: date,
      value: base > 0 ? (portfolio_value / base - 1) * 100 : 0,
    })),
  };
}

/** What a server before markets benchmarked against, and what its rows and closes were of. */
export const BENCHMARK_NAME = 'QQQ';

const ROW_SUFFIX = ' (benchmark)';

/** The benchmark's short name from its leaderboard row: `CD5 (benchmark)` -> `CD5`. */
export function benchmarkLabel(row: Pick<LeaderboardEntryResponse, 'model'>): string {
  return row.model.endsWith(ROW_SUFFIX) ? row.model.slice(0, -ROW_SUFFIX.length) : row.model;
}

/**
 * The benchmark's daily levels as a buy-and-hold return, named as the API labels it (a server
 * before markets sent no label: QQQ). A held position moves with the close, so the line is the
 * level scaled to end on the leaderboard's benchmark return (bought before the first close shown,
 * which the levels do not show); without that row, the first level is the start.
 */
export function benchmarkReturnSeries(
  benchmark: BenchmarkResponse,
  row: LeaderboardEntryResponse | null,
): NamedSeries {
  const closes = benchmark.values.filter((v) => v.close > 0);
  const first = closes[0]?.close;
  const last = closes[closes.length - 1]?.close;
  const points =
    first === undefined || last === undefined
      ? []
      : closes.map(({ date, close }) => ({
          time: date,
          value:
            row === null
              ? (close / first - 1) * 100
              : ((1 + row.period_return_pct / 100) * (close / last) - 1) * 100,
        }));
  return { name: benchmark.label ?? BENCHMARK_NAME, benchmark: true, points };
}

/**
 * Without the benchmark's daily levels, its leaderboard row gives only where it started and ended:
 * a straight line between the two, said so on the page.
 */
export function benchmarkEndpointsSeries(
  row: LeaderboardEntryResponse,
  startDate: string,
  endDate: string,
): NamedSeries {
  const points: Point[] = [{ time: startDate, value: 0 }];
  if (endDate !== startDate) points.push({ time: endDate, value: row.period_return_pct });
  else points[0] = { time: startDate, value: row.period_return_pct };
  return { name: benchmarkLabel(row), benchmark: true, points };
}

/**
 * Drawdown from the running peak, in percent (0 at a new high, negative below it), from returns
 * normalised to the start: the start itself (0%) is the first peak.
 */
export function drawdownSeries(series: NamedSeries): NamedSeries {
  let peak = 1;
  const points = series.points.map(({ time, value }) => {
    const level = 1 + value / 100;
    peak = Math.max(peak, level);
    return { time, value: peak > 0 ? (level / peak - 1) * 100 : 0 };
  });
  return { ...series, points };
}

/** The deepest point of a drawdown series (0 when it never fell). */
export const maxDrawdown = (series: NamedSeries): number =>
  series.points.reduce((deepest, point) => Math.min(deepest, point.value), 0);

export const lastValue = (series: NamedSeries): number | null =>
  series.points.length === 0 ? null : (series.points[series.points.length - 1] as Point).value;

/** One date asked alone answers model-days: each becomes a one-point line (its day's return). */
export function dayReturnSeries(day: {
  model: string;
  date: string;
  starting_position: { portfolio_value: number };
  final_position: { portfolio_value: number };
}): NamedSeries {
  const base = day.starting_position.portfolio_value;
  const value = base > 0 ? (day.final_position.portfolio_value / base - 1) * 100 : 0;
  return { name: day.model, benchmark: false, points: [{ time: day.date, value }] };
}
