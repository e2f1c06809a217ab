import type { MockStrategyName } from '../config/app-config.js';
import { parseDayState, type DayState } from './mock/day-state.js';
import { lookbackStatus, type PriceRequest } from './mock/lookback.js';
import { mockStrategy } from './mock/registry.js';
import { finishText, lookupText, summaryText } from './mock/replies.js';
import type { MockOrder, MockStrategy } from './mock/strategy.js';
import { readTranscript, type Transcript } from './mock/transcript.js';
import {
  ProviderError,
  type ChatMessage,
  type CompletionRequest,
  type CompletionResponse,
  type LlmProvider,
  type ParsedToolCall,
} from './provider.js';
import { abortableSleep, abortedError } from './retry.js';

export interface MockProviderOptions {
  strategy: MockStrategyName;
  /** Seeds the random strategy; the others are deterministic without it. */
  seed?: number;
  /** The model's signature, so two random mocks with the same seed still trade differently. */
  signature?: string;
  /** Simulated response time, for benchmarks (default 0). */
  latencyMs?: number;
}

interface Reply {
  content: string;
  calls: { name: string; args: Record<string, unknown> }[];
}

/** Rough characters per token of English and JSON, good enough to make cost accounting visible. */
const CHARS_PER_TOKEN = 4;

/**
 * A stand-in model that trades through real tool calls without any network: it reads the whole
 * conversation on every call (the system prompt, the tool results so far, whether a summary is asked
 * for) and answers deterministically, so DEV runs and the demo exercise the full runtime and a replay
 * or resume gets the very same answers.
 */
export class MockProvider implements LlmProvider {
  readonly modelId: string;
  private readonly strategy: MockStrategy;
  private readonly seed: number;
  private readonly signature: string;
  private readonly latencyMs: number;

  constructor(options: MockProviderOptions) {
    this.strategy = mockStrategy(options.strategy);
    this.modelId = `mock:${options.strategy}`;
    this.seed = options.seed ?? 0;
    this.signature = options.signature ?? '';
    const latency = options.latencyMs ?? 0;
    if (!Number.isFinite(latency) || latency < 0) {
      throw new RangeError(`latencyMs must be a finite number >= 0, got ${latency}`);
    }
    this.latencyMs = latency;
  }

  async complete(request: CompletionRequest, signal?: AbortSignal): Promise<CompletionResponse> {
    if (signal?.aborted) throw abortedError();
    if (this.latencyMs > 0) await abortableSleep(this.latencyMs, signal);
    const transcript = readTranscript(request.messages);
    const reply = this.reply(request, transcript);
    const toolCalls = toParsedToolCalls(reply, transcript.assistantTurns);
    const promptTokens = estimateTokens(request.messages.reduce((sum, m) => sum + messageChars(m), 0));
    const completionTokens = estimateTokens(
      reply.content.length +
        toolCalls.reduce((sum, call) => sum + call.name.length + call.rawArguments.length, 0),
    );
    return {
      content: reply.content,
      toolCalls,
      usage: { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens },
      finishReason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
      model: this.modelId,
      latencyMs: this.latencyMs,
      attempts: 1,
    };
  }

  private reply(request: CompletionRequest, transcript: Transcript): Reply {
    const state = this.readState(transcript);
    const orderCalls = transcript.calls.filter((call) => call.name === 'buy' || call.name === 'sell');
    if (transcript.summaryRequested) {
      return { content: summaryText(this.strategy.thesis, orderCalls), calls: [] };
    }

    const lookback = lookbackStatus(state.date, this.strategy.lookbackSymbols(state), transcript.calls);
    if (orderCalls.length === 0 && lookback.pending.length > 0 && canLookUp(request, state, transcript)) {
      return { content: lookupText(lookback.pending), calls: lookback.pending.map(priceCall) };
    }

    // Once lookups are over the closes found no longer change, so the decision at the finish is the
    // one whose orders were placed, and its rationale still fits.
    const decision = this.strategy.decide({
      state,
      lookbackCloses: lookback.closes,
      seed: this.seed,
      signature: this.signature,
    });
    if (orderCalls.length > 0 || decision.orders.length === 0) {
      return { content: finishText(decision, orderCalls), calls: [] };
    }
    return { content: decision.rationale, calls: sellsFirst(decision.orders).map(orderCall) };
  }

  /** The last prompt parsed: a model-day asks 3-4 times with the same system prompt. */
  private parsed: { prompt: string; state: ReturnType<typeof parseDayState> } | undefined;

  private readState(transcript: Transcript): DayState {
    const prompt = transcript.systemPrompt;
    if (prompt !== undefined && this.parsed?.prompt !== prompt)
      this.parsed = { prompt, state: parseDayState(prompt) };
    const state = prompt === undefined ? undefined : this.parsed?.state;
    if (state !== undefined && !('error' in state)) return state;
    const why = state === undefined ? 'there is no system message' : state.error;
    // Failing loudly: a mock that quietly stopped trading would hide a change in the prompt format.
    throw new ProviderError('bad_request', `${this.modelId} cannot read the system prompt: ${why}`, {
      retryable: false,
    });
  }
}

/** Another lookup turn only while one turn is left for the orders, and only if the tool is offered. */
function canLookUp(request: CompletionRequest, state: DayState, transcript: Transcript): boolean {
  if (request.tools !== undefined && !request.tools.some((tool) => tool.name === 'get_price_local'))
    return false;
  return state.maxSteps === undefined || transcript.toolTurns + 2 <= state.maxSteps;
}

function sellsFirst(orders: readonly MockOrder[]): MockOrder[] {
  return [...orders.filter((o) => o.side === 'sell'), ...orders.filter((o) => o.side === 'buy')];
}

function priceCall(request: PriceRequest): Reply['calls'][number] {
  return { name: 'get_price_local', args: { symbol: request.symbol, date: request.date } };
}

function orderCall(order: MockOrder): Reply['calls'][number] {
  return { name: order.side, args: { symbol: order.symbol, amount: order.amount } };
}

/** Ids unique within the conversation and identical on a replay: the turn number and the position. */
function toParsedToolCalls(reply: Reply, turn: number): ParsedToolCall[] {
  return reply.calls.map((call, index) => ({
    id: `mock_${turn}_${index}`,
    name: call.name,
    args: call.args,
    rawArguments: JSON.stringify(call.args),
  }));
}

function messageChars(message: ChatMessage): number {
  const calls = message.role === 'assistant' ? (message.toolCalls ?? []) : [];
  return (
    (message.content ?? '').length + calls.reduce((sum, c) => sum + c.name.length + c.arguments.length, 0)
  );
}

function estimateTokens(chars: number): number {
  return Math.round(chars / CHARS_PER_TOKEN);
}
