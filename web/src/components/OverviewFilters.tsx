/** Which results the overview shows: one job, or a date range (empty = all history). */
import { useState, type FormEvent } from 'react';
import type { JobSummary } from '../api/types.js';
import { formatDateRange, shortId } from '../lib/format.js';

export interface OverviewFilterValues {
  job: string;
  start: string;
  end: string;
}

export function OverviewFilters(props: {
  values: OverviewFilterValues;
  jobs: JobSummary[];
  onApply: (values: OverviewFilterValues) => void;
}) {
  const { values, jobs, onApply } = props;
  // The page remounts this form when the URL's filters change, so the draft starts from them.
  const [draft, setDraft] = useState(values);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    onApply(draft);
  };
  const knownJob = draft.job === '' || jobs.some((job) => job.job_id === draft.job);

  return (
    <form className="filters" onSubmit={submit} aria-label="Filter results">
      <div className="field">
        <label htmlFor="filter-job">Job</label>
        <select
          id="filter-job"
          value={draft.job}
          onChange={(e) => setDraft({ ...draft, job: e.target.value })}
        >
          <option value="">All standing results</option>
          {!knownJob && <option value={draft.job}>{shortId(draft.job)}</option>}
          {jobs.map((job) => (
            <option key={job.job_id} value={job.job_id}>
              {shortId(job.job_id)} · {formatDateRange(job.date_range)} · {job.status}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-start">From</label>
        <input
          id="filter-start"
          type="date"
          value={draft.start}
          onChange={(e) => setDraft({ ...draft, start: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="filter-end">To</label>
        <input
          id="filter-end"
          type="date"
          value={draft.end}
          onChange={(e) => setDraft({ ...draft, end: e.target.value })}
        />
      </div>
      <div className="field field-actions">
        <button type="submit">Show</button>
        <button type="button" className="secondary" onClick={() => onApply({ job: '', start: '', end: '' })}>
          Reset
        </button>
      </div>
    </form>
  );
}
