/**
 * Recent jobs of every market, newest first (GET /simulate/jobs), each with its market and one click
 * from its progress and its results (shown in that market).
 */
import type { JobSummary } from '../api/types.js';
import { formatDateRange, formatSeconds, formatTimestamp, shortId } from '../lib/format.js';
import { hrefFor } from '../lib/route.js';
import { StatusBadge } from './JobProgress.js';

export function JobList({ jobs, followed }: { jobs: JobSummary[]; followed: string | null }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Recent jobs (scrolls sideways)">
      <table data-testid="job-list">
        <caption className="visually-hidden">Recent jobs, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Status</th>
            <th scope="col">Market</th>
            <th scope="col">Dates</th>
            <th scope="col">Models</th>
            <th scope="col">Created</th>
            <th scope="col" className="num">
              Took
            </th>
            <th scope="col">
              <span className="visually-hidden">Links</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr
              key={job.job_id}
              data-job={job.job_id}
              aria-current={job.job_id === followed ? 'true' : undefined}
            >
              <th scope="row">
                <code title={job.job_id}>{shortId(job.job_id)}</code>
              </th>
              <td>
                <StatusBadge status={job.status} />
              </td>
              <td data-field="market">{job.market}</td>
              <td>{formatDateRange(job.date_range)}</td>
              <td>{job.models.join(', ')}</td>
              <td>{formatTimestamp(job.created_at)}</td>
              <td className="num">{formatSeconds(job.total_duration_seconds)}</td>
              <td className="links">
                <a
                  href={hrefFor('jobs', { job: job.job_id, market: job.market })}
                  aria-label={`Progress of job ${shortId(job.job_id)}`}
                >
                  Progress
                </a>{' '}
                <a
                  href={hrefFor('overview', { job: job.job_id, market: job.market })}
                  aria-label={`Results of job ${shortId(job.job_id)}`}
                >
                  Results
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
