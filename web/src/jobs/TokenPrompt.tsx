/**
 * The server set API_TOKEN and refused a change (401): ask for the token once, keep it for this tab
 * (sessionStorage), and retry. Reading needs no token.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { apiToken } from '../api/client.js';

/** `retry` is the refused change, sent again once the token is kept; both buttons `dismiss` the prompt. */
export function TokenPrompt(props: { refusal: string; retry: () => Promise<void>; dismiss: () => void }) {
  const { refusal, retry, dismiss } = props;
  const [token, setToken] = useState('');
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (token.trim() === '') return;
    apiToken.set(token.trim());
    dismiss();
    void retry();
  };
  return (
    <form className="token-prompt" onSubmit={submit} aria-label="Authentication" data-testid="token-prompt">
      <p role="alert">
        <strong>This server requires an API token for changes.</strong> It answered: {refusal}
      </p>
      <div className="field">
        <label htmlFor={inputId}>API token</label>
        <input
          ref={input}
          id={inputId}
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.target.value)}
        />
        <p className="hint">Kept in this browser tab only (sessionStorage) and sent as a bearer token.</p>
      </div>
      <div className="field-actions">
        <button type="submit">Save and retry</button>
        <button type="button" className="secondary" onClick={dismiss}>
          Cancel
        </button>
      </div>
    </form>
  );
}
