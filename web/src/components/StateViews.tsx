/** The three states every view has besides its content: loading, failed, and nothing to show yet. */
import type { ReactNode } from 'react';
import type { ApiError } from '../api/client.js';

export function Loading({ what }: { what: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

export function ErrorNotice({ what, error, retry }: { what: string; error: ApiError; retry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <p>
        <strong>Could not load {what}.</strong> {error.message}
      </p>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}
