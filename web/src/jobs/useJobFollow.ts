/** A job's status kept live in React state, by its event stream or, failing that, by polling. */
import { useEffect, useReducer, useRef, useState } from 'react';
import { api } from '../api/client.js';
import type { JobStatusResponse } from '../api/types.js';
import { followJob, statusUrl, type Transport } from '../lib/job-follow.js';
import { applyJobUpdate, type JobUpdate } from '../lib/job-state.js';

export interface FollowedJob {
  status: JobStatusResponse | null;
  transport: Transport | null;
  /** The last failed poll's message, cleared by the next answer. */
  problem: string | null;
}

export function useJobFollow(
  jobId: string | null,
  onEnded: (status: JobStatusResponse) => void,
): FollowedJob {
  const [status, dispatch] = useReducer(
    (current: JobStatusResponse | null, update: JobUpdate | null) =>
      update === null ? null : applyJobUpdate(current, update),
    null,
  );
  const [transport, setTransport] = useState<Transport | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Read when the job ends: a new callback from a re-render must not restart the following.
  const endedRef = useRef(onEnded);
  endedRef.current = onEnded;

  useEffect(() => {
    dispatch(null);
    setProblem(null);
    if (jobId === null) return;
    return followJob(
      jobId,
      {
        update: (update) => {
          setProblem(null);
          dispatch(update);
        },
        ended: (final) => endedRef.current(final),
        transport: setTransport,
        failed: (error) => setProblem(error instanceof Error ? error.message : String(error)),
      },
      {
        openStream: typeof EventSource === 'undefined' ? null : (url) => new EventSource(url),
        fetchStatus: (id) => api.get<JobStatusResponse>(statusUrl(id)),
        setTimer: (callback, ms) => window.setTimeout(callback, ms),
        clearTimer: (timer) => window.clearTimeout(timer as number),
      },
    );
  }, [jobId]);

  return { status, transport, problem };
}
