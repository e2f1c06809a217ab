import { SUMMARY_REQUEST } from '../../core/prompt.js';
import type { ChatMessage } from '../provider.js';
import { parseToolCallArguments } from '../tool-call-parsing.js';

/** A tool call the mock made earlier in the conversation, with what the runtime answered, if anything. */
export interface CallRecord {
  id: string;
  name: string;
  args: Record<string, unknown>;
  /** The tool message's text; absent when the runtime never answered the call. */
  result?: string;
}

/** Everything a stateless mock needs from the conversation so far. */
export interface Transcript {
  systemPrompt?: string;
  calls: CallRecord[];
  /** Assistant messages that carried tool calls: the turns counted against the prompt's step cap. */
  toolTurns: number;
  /** Assistant messages of any kind, used to give each turn's call ids their own prefix. */
  assistantTurns: number;
  summaryRequested: boolean;
}

export function readTranscript(messages: readonly ChatMessage[]): Transcript {
  const calls: CallRecord[] = [];
  const byId = new Map<string, CallRecord>();
  let systemPrompt: string | undefined;
  let lastUser: string | undefined;
  let toolTurns = 0;
  let assistantTurns = 0;

  for (const message of messages) {
    if (message.role === 'system') {
      systemPrompt ??= message.content;
    } else if (message.role === 'user') {
      lastUser = message.content;
    } else if (message.role === 'assistant') {
      assistantTurns++;
      if (message.toolCalls && message.toolCalls.length > 0) toolTurns++;
      for (const call of message.toolCalls ?? []) {
        const parsed = parseToolCallArguments(call.arguments);
        const record: CallRecord = { id: call.id, name: call.name, args: parsed.ok ? parsed.args : {} };
        calls.push(record);
        byId.set(call.id, record);
      }
    } else if (message.role === 'tool') {
      const record = byId.get(message.toolCallId);
      if (record) record.result = message.content;
    }
  }

  const transcript: Transcript = {
    calls,
    toolTurns,
    assistantTurns,
    summaryRequested: lastUser !== undefined && lastUser.includes(SUMMARY_REQUEST),
  };
  if (systemPrompt !== undefined) transcript.systemPrompt = systemPrompt;
  return transcript;
}

const FAILURE_PREFIX = /^\s*(error|refused|rejected|failed)\b/i;

/**
 * Whether a tool answered with success. Results are text meant for a model, so this reads them as a
 * model would: an `Error:` prefix or a JSON object saying it failed means failure, anything else
 * (including a fill described as JSON) means it worked. No answer at all is a failure.
 */
export function succeeded(record: CallRecord): boolean {
  if (record.result === undefined || FAILURE_PREFIX.test(record.result)) return false;
  const json = jsonObject(record.result);
  if (json === undefined) return true;
  const present = (key: string): boolean =>
    json[key] !== undefined && json[key] !== null && json[key] !== false;
  return !(json['ok'] === false || json['success'] === false || present('error') || present('rejection'));
}

/** The close in a get_price_local answer, when it is a full past bar. */
export function closeFromResult(record: CallRecord): number | undefined {
  if (!succeeded(record) || record.result === undefined) return undefined;
  const close = jsonObject(record.result)?.['close'];
  return typeof close === 'number' && Number.isFinite(close) && close > 0 ? close : undefined;
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The symbol and amount of an order call, as the mock wrote them. */
export function orderOf(record: CallRecord): { symbol: string; amount: number } | undefined {
  const { symbol, amount } = record.args;
  return typeof symbol === 'string' && typeof amount === 'number' ? { symbol, amount } : undefined;
}
