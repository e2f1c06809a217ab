/**
 * Every model's equity curve against QQQ, normalised to the start of the period, and the drawdowns
 * computed from the same daily values. QQQ's daily closes come from GET /results/benchmark; on a
 * server without that endpoint (404) the leaderboard's QQQ row gives a straight start-to-end line.
 */
import { useMemo } from 'react';
import { apiPath } from '../api/client.js';
import type { BenchmarkResponse, LeaderboardResponse, ResultsResponse } from '../api/types.js';
import { isRangeResult } from '../api/types.js';
import { useApi } from '../api/useApi.js';
import { formatPercent } from '../lib/format.js';
import {
  benchmarkEndpointsSeries,
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
  const results = useApi<ResultsResponse>(
    start && end ? apiPath('/results', { start_date: start, end_date: end, job_id: jobId }) : null,
  );
  const benchmark = useApi<BenchmarkResponse>(
    start && end ? apiPath('/results/benchmark', { start_date: start, end_date: end }) : null,
  );

  const models = useMemo(
    () =>
      results.state === 'ready'
        ? results.data.results.map((item) =>
            isRangeResult(item) ? modelReturnSeries(item) : dayReturnSeries(item),
          )
        : [],
    [results],
  );
  const qqq = useMemo((): { series: NamedSeries | null; note: string | null } => {
    if (benchmark.state === 'ready' && benchmark.data.values.length > 0) {
      return { series: benchmarkReturnSeries(benchmark.data, board.benchmark), note: null };
    }
    if (board.benchmark && start && end) {
      return {
        series: benchmarkEndpointsSeries(board.benchmark, start, end),
        note: "QQQ's daily closes are not available from this server: its line joins its start and end values.",
      };
    }
    return { series: null, note: 'No QQQ prices for these dates: the benchmark is not drawn.' };
  }, [benchmark, board, start, end]);

  if (!start || !end) return null;
  if (results.state === 'loading' || benchmark.state === 'loading') return <Loading what="equity curves" />;
  if (results.state === 'error') {
    if (results.error.status === 404) return <EmptyState>No daily values for these dates.</EmptyState>;
    return <ErrorNotice what="equity curves" error={results.error} retry={results.reload} />;
  }

  const equity = qqq.series ? [...models, qqq.series] : models;
  // A two-point QQQ line has no daily path to take a drawdown from.
  const drawdownInputs = qqq.note === null && qqq.series ? equity : models;
  const drawdowns = drawdownInputs.map(drawdownSeries);
  const source = benchmark.state === 'ready' ? benchmark.data.source : null;

  return (
    <section className="charts" aria-label="Performance charts">
      <LineChart
        testId="equity-chart"
        title="Equity curves"
        description={`Return since ${start}, each model from its starting value, QQQ bought and held (dashed).`}
        series={equity}
        legendText={(line) => formatPercent(lastValue(line))}
        summary={equitySummary(models, qqq.series)}
        valueFormatter={percentAxis}
      />
      {qqq.note && (
        <p className="muted note" data-testid="benchmark-note">
          {qqq.note}
        </p>
      )}
      {source && (
        <p className="muted note" data-testid="benchmark-source">
          QQQ prices: {source}
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

function equitySummary(models: NamedSeries[], qqq: NamedSeries | null): string {
  const ranked = [...models].sort((a, b) => (lastValue(b) ?? 0) - (lastValue(a) ?? 0));
  const parts = ranked.map((line) => `${line.name} ${formatPercent(lastValue(line))}`);
  const benchmark = qqq ? ` QQQ ${formatPercent(lastValue(qqq))}.` : '';
  return `${models.length} model${models.length === 1 ? '' : 's'}${qqq ? ' and QQQ' : ''}. Returns at the end: ${parts.join(', ')}.${benchmark}`;
}

function drawdownSummary(lines: NamedSeries[]): string {
  const worst = [...lines].sort((a, b) => maxDrawdown(a) - maxDrawdown(b))[0];
  return worst ? `Deepest drawdown: ${worst.name} ${formatPercent(maxDrawdown(worst))}.` : 'No lines.';
}
