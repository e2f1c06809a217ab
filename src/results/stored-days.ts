/** Turning the store's per-day rows into the pieces of a result: grouped by day, in domain shapes. */
import type { StoredMessage } from './results-store.js';
import type { ReasoningMessage, ToolCall, Usage } from './results-types.js';

/** Code-point order, so answers list models and symbols alike on every database backend. */

export function groupByDay<T extends { dayId: number }>(rows: readonly T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(row.dayId);
    if (group) group.push(row);
    else groups.set(row.dayId, [row]);
  }
  return groups;
}

export function reasoningMessage(row: StoredMessage): ReasoningMessage {
  const message: ReasoningMessage = { role: row.role, content: row.content, createdAt: row.createdAt };
  if (row.toolCalls !== null) message.toolCalls = JSON.parse(row.toolCalls) as ToolCall[];
  if (row.toolCallId !== null) message.toolCallId = row.toolCallId;
  if (row.toolName !== null) message.toolName = row.toolName;
  return message;
}

/** A day without recorded calls used no tokens and cost nothing. */
export function usageOf(usage: Usage | undefined): Usage {
  return usage ?? { promptTokens: 0, completionTokens: 0, costUsd: 0 };
}

/** An unknown part makes the total cost unknown, as within a day: a partial sum would understate it. */
export function sumUsage(parts: readonly Usage[]): Usage {
  let cost: number | null = 0;
  for (const part of parts) cost = cost === null || part.costUsd === null ? null : cost + part.costUsd;
  return {
    promptTokens: parts.reduce((n, p) => n + p.promptTokens, 0),
    completionTokens: parts.reduce((n, p) => n + p.completionTokens, 0),
    costUsd: cost,
  };
}
