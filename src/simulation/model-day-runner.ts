import type { CostModel, Fill } from '../core/ledger/index.js';
import type { PriceIndex } from '../core/price-index.js';
import type { Market } from '../core/markets/market.js';
import { buildSystemPrompt, FINISH_SIGNAL, SUMMARY_REQUEST } from '../core/prompt.js';
import { toolSpecs } from '../core/tools/tool-definitions.js';
import type { ChatMessage, CompletionResponse, LlmProvider } from '../llm/provider.js';
import type { NewsSource } from '../news/news-source.js';
import type { ModelDayRecord, ReasoningEntry, StartingPoint, UsageEntry } from './model-day-record.js';
import { yieldToEventLoop } from '../core/event-loop.js';
import { TradingDay } from './trading-day.js';

export interface TokenPricing {
  prompt_per_million: number;
  completion_per_million: number;
}

export interface ModelDayInput {
  jobId: string;
  model: string;
  date: string;
  market: Market;
  provider: LlmProvider;
  /** Every bar the job knows; only MarketView reads it on the agent's behalf. */
  prices: PriceIndex;
  universe: readonly string[];
  start: StartingPoint;
  maxSteps: number;
  initialCash: number;
  costs?: CostModel;
  pricing?: TokenPricing;
  news?: NewsSource;
  now: () => Date;
  signal?: AbortSignal;
}

const INITIAL_USER_MESSAGE = (date: string): string =>
  `Please analyze the market and update today's positions for ${date}. ` +
  `Use the tools to trade, then reply with ${FINISH_SIGNAL}.`;

/**
 * Runs one model for one trading day: prompt, tool-calling loop, summary, valuation. It stores
 * nothing; the caller commits the returned record atomically, so a failure here (a provider that
 * keeps failing, an abort) leaves no trace of the day.
 */
export async function runModelDay(input: ModelDayInput): Promise<ModelDayRecord> {
  const stamp = (): string => input.now().toISOString();
  const day = new TradingDay(input);
  const startedAt = day.startedAt;

  const system = buildSystemPrompt({
    market: input.market,
    date: input.date,
    position: input.start.position,
    opens: day.opens,
    previousCloses: day.previousCloses,
    universe: input.universe,
    valueAtOpen: day.startingValue,
    newsAvailable: input.news !== undefined,
    maxSteps: input.maxSteps,
  });
  const messages: ChatMessage[] = [
    { role: 'system', content: system },
    { role: 'user', content: INITIAL_USER_MESSAGE(input.date) },
  ];
  const reasoning: ReasoningEntry[] = messages.map((m) => ({
    role: m.role,
    content: m.content as string,
    at: startedAt,
  }));
  const usage: UsageEntry[] = [];
  const tools = toolSpecs({ newsAvailable: input.news !== undefined, market: input.market });

  const recordUsage = (kind: UsageEntry['kind'], response: CompletionResponse): void => {
    usage.push({
      kind,
      model: response.model,
      promptTokens: response.usage.promptTokens,
      completionTokens: response.usage.completionTokens,
      totalTokens: response.usage.totalTokens,
      costUsd: costOf(response, input.pricing),
      latencyMs: Math.round(response.latencyMs),
      at: stamp(),
    });
  };

  for (let step = 0; step < input.maxSteps; step++) {
    // Each step gives waiting requests their turn, however fast the model answers.
    await yieldToEventLoop();
    const response = await input.provider.complete({ messages, tools }, input.signal);
    recordUsage('decision', response);
    const toolCalls = response.toolCalls.map((c) => ({ id: c.id, name: c.name, arguments: c.rawArguments }));
    messages.push({
      role: 'assistant',
      content: response.content,
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
    });
    reasoning.push({
      role: 'assistant',
      content: response.content,
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
      at: stamp(),
    });

    for (const call of response.toolCalls) {
      const { content, at } = await day.call(call, input.signal);
      messages.push({ role: 'tool', toolCallId: call.id, name: call.name, content });
      reasoning.push({ role: 'tool', content, toolCallId: call.id, toolName: call.name, at });
    }

    // A reply without tool calls ends the turn even without the signal, as agent loops do.
    const finished = (response.content ?? '').includes(FINISH_SIGNAL) || response.toolCalls.length === 0;
    if (finished) break;
  }

  const summary = await summarise(input, messages, reasoning, recordUsage, day.trades);
  return day.finish({ reasoning, usage, summary });
}

/** The 2-3 sentence summary; a provider failure here costs the summary, never the day. */
async function summarise(
  input: ModelDayInput,
  messages: ChatMessage[],
  reasoning: ReasoningEntry[],
  recordUsage: (kind: 'summary', response: CompletionResponse) => void,
  trades: readonly Fill[],
): Promise<string> {
  const request: ChatMessage[] = [...messages, { role: 'user', content: SUMMARY_REQUEST }];
  reasoning.push({ role: 'user', content: SUMMARY_REQUEST, at: input.now().toISOString() });
  try {
    const response = await input.provider.complete({ messages: request }, input.signal);
    recordUsage('summary', response);
    const text = (response.content ?? '').replace(FINISH_SIGNAL, '').trim();
    if (text !== '') {
      reasoning.push({ role: 'assistant', content: text, at: input.now().toISOString() });
      return text;
    }
  } catch (error) {
    if (input.signal?.aborted) throw error;
  }
  const fallback = fallbackSummary(trades);
  reasoning.push({ role: 'assistant', content: fallback, at: input.now().toISOString() });
  return fallback;
}

export function fallbackSummary(trades: readonly Fill[]): string {
  if (trades.length === 0)
    return 'No trades were made today. (Summary unavailable: generated automatically.)';
  const parts = trades.map(
    (t) => `${t.side === 'buy' ? 'bought' : 'sold'} ${t.quantity} ${t.symbol} at ${t.price}`,
  );
  return `Today the model ${parts.join(', ')}. (Summary unavailable: generated automatically.)`;
}

function costOf(response: CompletionResponse, pricing: TokenPricing | undefined): number | null {
  if (!pricing) return null;
  return (
    (response.usage.promptTokens * pricing.prompt_per_million +
      response.usage.completionTokens * pricing.completion_per_million) /
    1_000_000
  );
}
