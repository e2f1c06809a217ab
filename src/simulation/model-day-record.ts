import type { MarketId } from '../core/markets/market.js';
import type { Fill } from '../core/ledger/index.js';
import type { Position } from '../core/ledger/position.js';
import type { ToolAuditEntry } from './tool-executor.js';

/** Where a model's day starts: its latest committed day before D in any job, or the initial cash. */
export interface StartingPoint {
  position: Position;
  previousDate: string | null;
  previousEndingValue: number | null;
}

export interface ReasoningEntry {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  /** Raw tool calls of an assistant message, as sent back to the provider. */
  toolCalls?: { id: string; name: string; arguments: string }[];
  toolCallId?: string;
  toolName?: string;
  at: string;
}

export interface UsageEntry {
  kind: 'decision' | 'summary';
  model: string;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  costUsd: number | null;
  latencyMs: number;
  at: string;
}

export interface TradeEntry extends Fill {
  at: string;
}

export interface AuditEntry extends ToolAuditEntry {
  at: string;
}

/** Everything a finished model-day commits, in one transaction. */
export interface ModelDayRecord {
  jobId: string;
  model: string;
  market: MarketId;
  date: string;
  start: StartingPoint;
  startingValue: number;
  endPosition: Position;
  endingValue: number;
  dailyProfit: number;
  dailyReturnPct: number;
  daysSinceLastTrading: number;
  trades: TradeEntry[];
  reasoning: ReasoningEntry[];
  usage: UsageEntry[];
  audit: AuditEntry[];
  summary: string;
  startedAt: string;
  completedAt: string;
  sessionDurationSeconds: number;
  /** Held symbols valued at an earlier close because they had no bar on D. */
  staleValuations: string[];
}
