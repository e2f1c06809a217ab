/** Tool calls the engine refused that day (insufficient cash, unknown symbol...), when the server reports them. */
import type { RefusedToolCall } from '../api/types.js';

export function RefusedCalls({ calls }: { calls: RefusedToolCall[] | undefined }) {
  if (calls === undefined) return null;
  return (
    <section className="card" aria-labelledby="refused-heading" data-testid="refused-calls">
      <h3 id="refused-heading">Refused tool calls ({calls.length})</h3>
      {calls.length === 0 ? (
        <p className="muted">The engine refused nothing this day.</p>
      ) : (
        <ul className="refused">
          {calls.map((call, index) => (
            <li key={index}>
              <code>{String(call.name ?? call.tool ?? 'tool')}</code>
              {call.arguments !== undefined && <code className="args">{argumentsText(call.arguments)}</code>}
              <span> — {String(call.reason ?? call.error ?? JSON.stringify(call))}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const argumentsText = (args: unknown): string => (typeof args === 'string' ? args : JSON.stringify(args));
