/** Jobs: start one, follow the chosen (or the running) one live, and browse recent ones. */
import { useCallback } from 'react';
import type { JobListResponse, LeaderboardResponse, TriggerResponse } from '../api/types.js';
import { isActiveJob } from '../api/types.js';
import { apiPath } from '../api/client.js';
import { useApi } from '../api/useApi.js';
import { useMarket } from '../components/Market.js';
import { PageHeading } from '../components/PageHeading.js';
import { EmptyState, ErrorNotice, Loading } from '../components/StateViews.js';
import { JobList } from '../jobs/JobList.js';
import { JobProgress } from '../jobs/JobProgress.js';
import { TriggerForm } from '../jobs/TriggerForm.js';
import { useJobFollow } from '../jobs/useJobFollow.js';

export function JobsPage({
  params,
  navigate,
}: {
  params: URLSearchParams;
  navigate: (href: string) => void;
}) {
  const { fromUrl, shown, href } = useMarket();
  const jobs = useApi<JobListResponse>('/simulate/jobs?limit=20');
  const board = useApi<LeaderboardResponse>(apiPath('/results/leaderboard', { market: fromUrl }));
  const list = jobs.state === 'ready' ? jobs.data.jobs : [];
  // The job asked for, else the one running, else the latest (showing how it ended).
  const followed =
    params.get('job') ?? list.find((job) => isActiveJob(job.status))?.job_id ?? list[0]?.job_id ?? null;

  const knownModels = [
    ...new Set([
      ...list.flatMap((job) => job.models),
      ...(board.state === 'ready' ? board.data.entries.map((entry) => entry.model) : []),
    ]),
  ].sort();

  const reloadJobs = jobs.reload;
  const live = useJobFollow(followed, reloadJobs);
  // The followed job's row shows its live status, not the one listed when the page loaded.
  const rows = list.map((job) =>
    live.status !== null && job.job_id === live.status.job_id ? { ...job, status: live.status.status } : job,
  );
  const onCreated = useCallback(
    (created: TriggerResponse) => {
      reloadJobs();
      navigate(href('jobs', { job: created.job_id }));
    },
    [navigate, reloadJobs, href],
  );

  return (
    <>
      <PageHeading>Jobs</PageHeading>
      <div className="two-columns">
        <TriggerForm knownModels={knownModels} market={shown} onCreated={onCreated} />
        {followed ? (
          <JobProgress key={followed} jobId={followed} followed={live} />
        ) : (
          <EmptyState>
            <p>No jobs yet: start one with the form.</p>
          </EmptyState>
        )}
      </div>
      <h2>Recent jobs</h2>
      {jobs.state === 'loading' && <Loading what="jobs" />}
      {jobs.state === 'error' && <ErrorNotice what="jobs" error={jobs.error} retry={jobs.reload} />}
      {jobs.state === 'ready' && list.length === 0 && <EmptyState>No jobs yet.</EmptyState>}
      {rows.length > 0 && <JobList jobs={rows} followed={followed} />}
    </>
  );
}
