/**
 * A job as it runs: status, a progress bar, every model-day in a date-by-model grid, warnings, and
 * a cancel button while it is active. Updates arrive live (event stream, else polling every 2 s).
 */
import { useState } from 'react';
import { api, ApiError } from '../api/client.js';
import type { JobDetail, JobStatusResponse } from '../api/types.js';
import { isActiveJob } from '../api/types.js';
import { asApiError } from '../api/useApi.js';
import { ErrorNotice, Loading } from '../components/StateViews.js';
import { formatDateRange, formatSeconds, formatTimestamp } from '../lib/format.js';
import { finishedModelDays } from '../lib/job-state.js';
import { hrefFor } from '../lib/route.js';
import { TokenPrompt } from './TokenPrompt.js';
import type { FollowedJob } from './useJobFollow.js';

/** `followed`: the job's live status, which the page also shows in its job list. */
export function JobProgress({ jobId, followed }: { jobId: string; followed: FollowedJob }) {
  const { status, transport, problem } = followed;
  if (status === null) {
    return problem ? (
      <ErrorNotice what={`job ${jobId}`} error={new ApiError(0, problem)} />
    ) : (
      <Loading what={`job ${jobId}`} />
    );
  }
  const { done, total } = finishedModelDays(status);
  const active = isActiveJob(status.status);
  return (
    <section
      className="card job-progress"
      aria-labelledby="job-progress-title"
      data-testid="job-progress"
      data-status={status.status}
      data-done={done}
      data-total={total}
      data-transport={transport ?? ''}
    >
      <h2 id="job-progress-title">
        Job <code>{jobId}</code>
      </h2>
      <p>
        <StatusBadge status={status.status} /> <span data-field="market">{status.market}</span> ·{' '}
        {formatDateRange(status.date_range)} · {status.models.join(', ')}
      </p>
      <label className="progress-label" htmlFor="job-progress-bar">
        {done} of {total} model-days finished ({status.progress.completed} completed, {status.progress.failed}{' '}
        failed, {status.progress.skipped} skipped, {status.progress.pending} to go)
      </label>
      <progress id="job-progress-bar" value={done} max={Math.max(total, 1)} />
      <p className="muted" aria-live="polite">
        {active
          ? transport === 'stream'
            ? 'Live: updates stream from the server.'
            : 'Live: asking the server every 2 seconds.'
          : `Ended ${formatTimestamp(status.completed_at)} after ${formatSeconds(status.total_duration_seconds)}.`}
        {problem && ` Last update failed: ${problem}`}
      </p>
      {status.error && (
        <p className="state state-error" role="alert">
          {status.error}
        </p>
      )}
      {status.warnings && status.warnings.length > 0 && (
        <details className="warnings">
          <summary>{status.warnings.length} warning(s)</summary>
          <ul>
            {status.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </details>
      )}
      <ModelDayGrid details={status.details} />
      <div className="field-actions">
        {active && <CancelButton jobId={jobId} />}
        {!active && (
          <a className="button-link" href={hrefFor('overview', { job: jobId, market: status.market })}>
            See this job's results
          </a>
        )}
      </div>
    </section>
  );
}

const STATUS_SYMBOL: Record<JobDetail['status'], string> = {
  pending: '·',
  running: '▶',
  completed: '✓',
  failed: '✗',
  skipped: '–',
};

function ModelDayGrid({ details }: { details: JobDetail[] }) {
  const dates = [...new Set(details.map((d) => d.date))].sort();
  const models = [...new Set(details.map((d) => d.model))];
  const byKey = new Map(details.map((d) => [`${d.date} ${d.model}`, d]));
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Model-days (scrolls sideways)">
      <table className="grid compact">
        <caption className="visually-hidden">Model-days by date and model</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            {models.map((model) => (
              <th scope="col" key={model}>
                {model}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {dates.map((date) => (
            <tr key={date}>
              <th scope="row">{date}</th>
              {models.map((model) => {
                const detail = byKey.get(`${date} ${model}`);
                return (
                  <td
                    key={model}
                    className={detail ? `cell-${detail.status}` : undefined}
                    title={detail?.error ?? undefined}
                  >
                    {detail ? `${STATUS_SYMBOL[detail.status]} ${detail.status}` : ''}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function StatusBadge({ status }: { status: JobStatusResponse['status'] }) {
  return <span className={`badge status-${status}`}>{status.replace('_', ' ')}</span>;
}

function CancelButton({ jobId }: { jobId: string }) {
  const [refusal, setRefusal] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const cancel = async (): Promise<void> => {
    setBusy(true);
    setMessage(null);
    try {
      await api.post(`/simulate/jobs/${encodeURIComponent(jobId)}/cancel`);
      setMessage('Cancel requested: running model-days finish, the rest are skipped.');
    } catch (error) {
      const refused = asApiError(error);
      if (refused.status === 401) setRefusal(refused.message);
      else setMessage(refused.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="danger" disabled={busy} onClick={() => void cancel()}>
        Cancel job
      </button>
      {message && (
        <span role="status" className="muted">
          {message}
        </span>
      )}
      {refusal !== null && <TokenPrompt refusal={refusal} retry={cancel} dismiss={() => setRefusal(null)} />}
    </>
  );
}
