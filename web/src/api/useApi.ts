/** A GET as React state: loading, failed (with the API's message) or ready; `reload` asks again. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from './client.js';

export type Loadable<T> =
  { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'ready'; data: T };

/** `path` null waits (nothing to ask yet). A reload keeps showing the last answer until the new one. */
export function useApi<T>(path: string | null): Loadable<T> & { reload: () => void } {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const shownPath = useRef<string | null>(null);

  useEffect(() => {
    if (path === null) {
      shownPath.current = null;
      setResult({ state: 'loading' });
      return;
    }
    const controller = new AbortController();
    if (shownPath.current !== path) setResult({ state: 'loading' });
    shownPath.current = path;
    api.get<T>(path, controller.signal).then(
      (data) => setResult({ state: 'ready', data }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setResult({ state: 'error', error: asApiError(error) });
      },
    );
    return () => controller.abort();
  }, [path, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...result, reload };
}

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, error instanceof Error ? error.message : String(error));
}
