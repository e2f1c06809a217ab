/**
 * Tool calls that did not do what the model asked that day: refused (a look-ahead), rejected (an
 * order the ledger refused) or error (bad arguments, an unknown tool), with what the model was told.
 */
import type { RefusedToolCall } from '../api/types.js';
import { formatTimestamp } from '../lib/format.js';

export function RefusedCalls({ calls }: { calls: RefusedToolCall[] | undefined }) {
  // Older servers do not report them.
  if (calls === undefined) return null;
  return (
    <section className="card" aria-labelledby="refused-heading" data-testid="refused-calls">
      <h3 id="refused-heading">Refused tool calls ({calls.length})</h3>
      {calls.length === 0 ? (
        <p className="muted">Every tool call did what the model asked.</p>
      ) : (
        <ul className="refused">
          {calls.map((call, index) => (
            <li key={index}>
              <span className={`badge outcome-${call.outcome}`}>{call.outcome}</span> <code>{call.tool}</code>
              {call.arguments !== null && <code className="args">{call.arguments}</code>}
              {call.reason && <span> — {call.reason}</span>}
              {call.message && <div className="muted">Told: {call.message}</div>}
              <div className="muted">
                <time dateTime={call.created_at}>{formatTimestamp(call.created_at)}</time>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
