/**
 * Every model's equity curve against the market's benchmark (QQQ, the SSE-50 index, CD5),
 * normalised to the start of the period, and the drawdowns computed from the same daily values. The
 * benchmark's daily levels come from GET /results/benchmark; on a server without that endpoint (404)
 * the leaderboard's benchmark row gives a straight start-to-end line. Everything is asked for the
 * board's own market.
 */
import { useMemo } from 'react';
import { apiPath } from '../api/client.js';
import type { BenchmarkResponse, LeaderboardResponse, ResultsResponse } from '../api/types.js';
import { isRangeResult } from '../api/types.js';
import { useApi } from '../api/useApi.js';
import { formatPercent } from '../lib/format.js';
import {
  BENCHMARK_NAME,
  benchmarkEndpointsSeries,
  benchmarkLabel,
  benchmarkReturnSeries,
  dayReturnSeries,
  drawdownSeries,
  lastValue,
  maxDrawdown,
  modelReturnSeries,
  type NamedSeries,
} from '../lib/series.js';
import { LineChart } from './LineChart.js';
import { EmptyState, ErrorNotice, Loading } from './StateViews.js';

const percentAxis = (value: number): string => `${value.toFixed(1)}%`;

export function PerformanceCharts({ board, jobId }: { board: LeaderboardResponse; jobId: string | null }) {
  const start = board.start_date;
  const end = board.end_date;
  const market = board.market;
  const results = useApi<ResultsResponse>(
    start && end ? apiPath('/results', { start_date: start, end_date: end, job_id: jobId, market }) : null,
  );
  const benchmark = useApi<BenchmarkResponse>(
    start && end ? apiPath('/results/benchmark', { start_date: start, end_date: end, market }) : null,
  );
  const name = board.benchmark ? benchmarkLabel(board.benchmark) : BENCHMARK_NAME;

  const models = useMemo(
    () =>
      results.state === 'ready'
        ? results.data.results.map((item) =>
            isRangeResult(item) ? modelReturnSeries(item) : dayReturnSeries(item),
          )
        : [],
    [results],
  );
  const benchmarkLine = useMemo((): { series: NamedSeries | null; note: string | null } => {
    if (benchmark.state === 'ready' && benchmark.data.values.length > 0) {
      return { series: benchmarkReturnSeries(benchmark.data, board.benchmark), note: null };
    }
    if (board.benchmark && start && end) {
      return {
        series: benchmarkEndpointsSeries(board.benchmark, start, end),
        note: `${name}'s daily closes are not available from this server: its line joins its start and end values.`,
      };
    }
    return { series: null, note: `No ${name} prices for these dates: the benchmark is not drawn.` };
  }, [benchmark, board, start, end, name]);

  if (!start || !end) return null;
  if (results.state === 'loading' || benchmark.state === 'loading') return <Loading what="equity curves" />;
  if (results.state === 'error') {
    if (results.error.status === 404) return <EmptyState>No daily values for these dates.</EmptyState>;
    return <ErrorNotice what="equity curves" error={results.error} retry={results.reload} />;
  }

  const equity = benchmarkLine.series ? [...models, benchmarkLine.series] : models;
  // A two-point benchmark line has no daily path to take a drawdown from.
  const drawdownInputs = benchmarkLine.note === null && benchmarkLine.series ? equity : models;
  const drawdowns = drawdownInputs.map(drawdownSeries);
  const source = benchmark.state === 'ready' ? benchmark.data.source : null;

  return (
    <section className="charts" aria-label="Performance charts">
      <LineChart
        testId="equity-chart"
        title="Equity curves"
        description={`Return since ${start}, each model from its starting value, ${name} bought and held (dashed).`}
        series={equity}
        legendText={(line) => formatPercent(lastValue(line))}
        summary={equitySummary(models, benchmarkLine.series, name)}
        valueFormatter={percentAxis}
      />
      {benchmarkLine.note && (
        <p className="muted note" data-testid="benchmark-note">
          {benchmarkLine.note}
        </p>
      )}
      {source && (
        <p className="muted note" data-testid="benchmark-source">
          {name} prices: {source}
          {source === 'synthetic' && <span className="badge badge-synthetic">synthetic</span>}
        </p>
      )}
      <LineChart
        testId="drawdown-chart"
        title="Drawdown"
        description="How far each line sits below its own running peak, from the daily values."
        series={drawdowns}
        legendText={(line) => `max ${formatPercent(maxDrawdown(line))}`}
        summary={drawdownSummary(drawdowns)}
        valueFormatter={percentAxis}
      />
    </section>
  );
}

function equitySummary(models: NamedSeries[], benchmark: NamedSeries | null, name: string): string {
  const ranked = [...models].sort((a, b) => (lastValue(b) ?? 0) - (lastValue(a) ?? 0));
  const parts = ranked.map((line) => `${line.name} ${formatPercent(lastValue(line))}`);
  const end = benchmark ? ` ${name} ${formatPercent(lastValue(benchmark))}.` : '';
  return `${models.length} model${models.length === 1 ? '' : 's'}${benchmark ? ` and ${name}` : ''}. Returns at the end: ${parts.join(', ')}.${end}`;
}

function drawdownSummary(lines: NamedSeries[]): string {
  const worst = [...lines].sort((a, b) => maxDrawdown(a) - maxDrawdown(b))[0];
  return worst ? `Deepest drawdown: ${worst.name} ${formatPercent(maxDrawdown(worst))}.` : 'No lines.';
}
