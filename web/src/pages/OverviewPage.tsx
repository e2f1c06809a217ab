/**
 * The first page: one market's leaderboard, then the equity and drawdown charts of the same results.
 * Switching market (the header) changes the URL's hash: this page is made anew for it, no reload.
 */
import { apiPath } from '../api/client.js';
import type { JobListResponse, LeaderboardResponse } from '../api/types.js';
import { useApi } from '../api/useApi.js';
import { EvidencePanel } from '../components/EvidencePanel.js';
import { LeaderboardTable } from '../components/LeaderboardTable.js';
import { useMarket } from '../components/Market.js';
import { OverviewFilters, type OverviewFilterValues } from '../components/OverviewFilters.js';
import { PageHeading } from '../components/PageHeading.js';
import { PerformanceCharts } from '../components/PerformanceCharts.js';
import { PriceNote } from '../components/PriceNote.js';
import { EmptyState, ErrorNotice, Loading } from '../components/StateViews.js';
import { marketLabel } from '../lib/market.js';

export function OverviewPage({
  params,
  navigate,
}: {
  params: URLSearchParams;
  navigate: (href: string) => void;
}) {
  const filters: OverviewFilterValues = {
    job: params.get('job') ?? '',
    start: params.get('start') ?? '',
    end: params.get('end') ?? '',
  };
  const { fromUrl, shown, href } = useMarket();
  const jobs = useApi<JobListResponse>('/simulate/jobs?limit=50');
  const board = useApi<LeaderboardResponse>(
    apiPath('/results/leaderboard', {
      job_id: filters.job,
      start_date: filters.start,
      end_date: filters.end,
      market: fromUrl,
      evidence: 'true',
    }),
  );
  // A job trades one market: the filter offers the shown market's.
  const marketJobs =
    jobs.state === 'ready' ? jobs.data.jobs.filter((job) => shown === null || job.market === shown) : [];

  return (
    <>
      <PageHeading>Leaderboard</PageHeading>
      <OverviewFilters
        values={filters}
        jobs={marketJobs}
        onApply={(values) => navigate(href('overview', { ...values }))}
      />
      {board.state === 'loading' && <Loading what="the leaderboard" />}
      {board.state === 'error' && (
        <ErrorNotice what="the leaderboard" error={board.error} retry={board.reload} />
      )}
      {board.state === 'ready' && board.data.entries.length === 0 && (
        <EmptyState>
          <p>No results {filters.job || filters.start || filters.end ? 'for these filters' : 'yet'}.</p>
          <p>
            <a href={href('jobs')}>Start a simulation</a> on the Jobs page, or run <code>npm run demo</code>.
          </p>
        </EmptyState>
      )}
      {board.state === 'ready' && board.data.entries.length > 0 && (
        <>
          <p className="period" data-testid="period">
            {board.data.start_date} → {board.data.end_date}
            {filters.job && <> · job {filters.job}</>} ·{' '}
            <span data-testid="market" data-market={board.data.market}>
              {marketLabel(board.data.market)}, in {board.data.currency.code}
            </span>
          </p>
          <PriceNote />
          <LeaderboardTable board={board.data} jobId={filters.job || null} />
          <EvidencePanel board={board.data} />
          <PerformanceCharts board={board.data} jobId={filters.job || null} />
        </>
      )}
    </>
  );
}
