import type { ParsedToolCall } from './provider.js';

export type ParsedArguments = { ok: true; args: Record<string, unknown> } | { ok: false; error: string };

/** How much of a bad argument string to quote back in an error; enough to recognise, short enough to read. */
const QUOTE_LIMIT = 200;

/**
 * Turns whatever a provider put in a tool call's `arguments` into an object. Models and gateways
 * disagree: most send a JSON object string, some send the object itself, some JSON-encode the
 * string twice, some wrap it in a markdown fence, and some send nothing for argument-less tools.
 */
export function parseToolCallArguments(raw: unknown): ParsedArguments {
  if (raw === undefined || raw === null) return { ok: true, args: {} };
  if (typeof raw === 'string') return parseArgumentText(raw);
  return asArgumentObject(raw, 'arguments');
}

function parseArgumentText(text: string): ParsedArguments {
  let current = stripCodeFence(text.trim());
  if (current === '') return { ok: true, args: {} };
  // Two levels of string encoding have been seen in the wild; more than that is not a tool call.
  for (let depth = 0; depth < 3; depth++) {
    let value: unknown;
    try {
      value = JSON.parse(current);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, error: `arguments are not valid JSON (${reason}): ${quote(text)}` };
    }
    if (value === null) return { ok: true, args: {} };
    if (typeof value !== 'string') return asArgumentObject(value, `arguments ${quote(text)}`);
    current = stripCodeFence(value.trim());
    if (current === '') return { ok: true, args: {} };
  }
  return { ok: false, error: `arguments are JSON-encoded too many times: ${quote(text)}` };
}

function asArgumentObject(value: unknown, what: string): ParsedArguments {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return { ok: true, args: value as Record<string, unknown> };
  }
  const got = Array.isArray(value) ? 'an array' : `a ${typeof value}`;
  return { ok: false, error: `${what} must be a JSON object of named parameters, got ${got}` };
}

function stripCodeFence(text: string): string {
  const fenced = /^```[a-zA-Z]*\s*\n?([\s\S]*?)\n?\s*```$/.exec(text);
  return fenced?.[1] !== undefined ? fenced[1].trim() : text;
}

function quote(text: string): string {
  const shown = text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
  return JSON.stringify(shown);
}

/**
 * The tool calls of a chat completion message, in whichever shape the provider used:
 * standard `tool_calls: [{ id, type: 'function', function: { name, arguments } }]`, flattened
 * `{ name, arguments | args, id }` entries, or the legacy single `function_call`.
 * Missing ids become `call_<index>`, stable so recorded conversations replay identically.
 */
export function normaliseToolCalls(message: unknown): ParsedToolCall[] {
  if (!isRecord(message)) return [];
  const toolCalls = message['tool_calls'];
  const entries: unknown[] = Array.isArray(toolCalls) ? toolCalls : isRecord(toolCalls) ? [toolCalls] : [];
  if (entries.length === 0 && isRecord(message['function_call'])) entries.push(message['function_call']);
  return entries.map((entry, index) => normaliseOne(entry, index));
}

function normaliseOne(entry: unknown, index: number): ParsedToolCall {
  const record = isRecord(entry) ? entry : {};
  const fn = isRecord(record['function']) ? record['function'] : record;
  const id = nonEmptyString(record['id']) ?? nonEmptyString(fn['id']) ?? `call_${index}`;
  const name = nonEmptyString(fn['name']) ?? nonEmptyString(record['name']) ?? '';
  const rawValue = 'arguments' in fn ? fn['arguments'] : 'args' in fn ? fn['args'] : record['arguments'];
  const rawArguments = rawArgumentText(rawValue);
  if (!isRecord(entry)) {
    return { id, name, error: `tool call #${index} is not an object`, rawArguments };
  }
  if (name === '') {
    return { id, name, error: `tool call #${index} has no function name`, rawArguments };
  }
  const parsed = parseToolCallArguments(rawValue);
  return parsed.ok
    ? { id, name, args: parsed.args, rawArguments }
    : { id, name, error: parsed.error, rawArguments };
}

/**
 * The text to echo back to the API: the original string if there was one, else valid JSON.
 * An empty string becomes '{}' because some servers (vLLM chat templates) JSON-parse history.
 */
function rawArgumentText(value: unknown): string {
  if (typeof value === 'string') return value.trim() === '' ? '{}' : value;
  if (value === undefined || value === null) return '{}';
  return JSON.stringify(value) ?? '{}';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
