/** The whole conversation of a model-day: the prompt, each answer, the tool calls and their results. */
import type { ReasoningMessageResponse } from '../api/types.js';
import { formatTimestamp } from '../lib/format.js';

export function Conversation({ messages }: { messages: ReasoningMessageResponse[] }) {
  return (
    <section className="card" aria-labelledby="conversation-heading">
      <h3 id="conversation-heading">Conversation ({messages.length} messages)</h3>
      {messages.length === 0 ? (
        <p className="muted">No conversation was stored for this day.</p>
      ) : (
        <ol className="conversation" data-testid="conversation">
          {messages.map((message, index) => (
            <li key={index} className={`message message-${message.role}`}>
              <MessageView message={message} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function MessageView({ message }: { message: ReasoningMessageResponse }) {
  const heading = (
    <>
      <span className={`role role-${message.role}`}>
        {message.tool_name ? `Tool ${message.tool_name}` : message.role}
      </span>{' '}
      <time className="muted" dateTime={message.created_at}>
        {formatTimestamp(message.created_at)}
      </time>
    </>
  );
  const body = (
    <>
      {message.content && <pre className="content">{message.content}</pre>}
      {message.tool_calls?.map((call) => (
        <div key={call.id} className="tool-call">
          Calls <code>{call.name}</code> <code className="args">{prettyArguments(call.arguments)}</code>
        </div>
      ))}
    </>
  );
  // The system prompt is long and the same every day: folded, one click away.
  if (message.role === 'system') {
    return (
      <details>
        <summary>{heading}</summary>
        {body}
      </details>
    );
  }
  return (
    <>
      <div className="message-head">{heading}</div>
      {body}
    </>
  );
}

function prettyArguments(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}
