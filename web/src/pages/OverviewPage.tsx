/** The first page: the leaderboard, then the equity and drawdown charts of the same results. */
import { apiPath } from '../api/client.js';
import type { JobListResponse, LeaderboardResponse } from '../api/types.js';
import { useApi } from '../api/useApi.js';
import { LeaderboardTable } from '../components/LeaderboardTable.js';
import { OverviewFilters, type OverviewFilterValues } from '../components/OverviewFilters.js';
import { PageHeading } from '../components/PageHeading.js';
import { PerformanceCharts } from '../components/PerformanceCharts.js';
import { PriceNote } from '../components/PriceNote.js';
import { EmptyState, ErrorNotice, Loading } from '../components/StateViews.js';
import { hrefFor } from '../lib/route.js';

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
  const jobs = useApi<JobListResponse>('/simulate/jobs?limit=50');
  const board = useApi<LeaderboardResponse>(
    apiPath('/results/leaderboard', {
      job_id: filters.job,
      start_date: filters.start,
      end_date: filters.end,
    }),
  );

  return (
    <>
      <PageHeading>Leaderboard</PageHeading>
      <OverviewFilters
        values={filters}
        jobs={jobs.state === 'ready' ? jobs.data.jobs : []}
        onApply={(values) => navigate(hrefFor('overview', { ...values }))}
      />
      {board.state === 'loading' && <Loading what="the leaderboard" />}
      {board.state === 'error' && (
        <ErrorNotice what="the leaderboard" error={board.error} retry={board.reload} />
      )}
      {board.state === 'ready' && board.data.entries.length === 0 && (
        <EmptyState>
          <p>No results {filters.job || filters.start || filters.end ? 'for these filters' : 'yet'}.</p>
          <p>
            <a href={hrefFor('jobs')}>Start a simulation</a> on the Jobs page, or run{' '}
            <code>npm run demo</code>.
          </p>
        </EmptyState>
      )}
      {board.state === 'ready' && board.data.entries.length > 0 && (
        <>
          <p className="period" data-testid="period">
            {board.data.start_date} → {board.data.end_date}
            {filters.job && <> · job {filters.job}</>}
          </p>
          <PriceNote />
          <LeaderboardTable board={board.data} jobId={filters.job || null} />
          <PerformanceCharts board={board.data} jobId={filters.job || null} />
        </>
      )}
    </>
  );
}
