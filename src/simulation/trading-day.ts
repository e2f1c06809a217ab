import { secondsSince } from '../core/dates.js';
import { DayLedger, type CostModel, type Position } from '../core/ledger/index.js';
import { MarketView, type PreviousClose } from '../core/market-view.js';
import type { Market } from '../core/markets/market.js';
import type { PriceIndex } from '../core/price-index.js';
import { dailyPnl, daysSinceLastTrading, valuePosition } from '../core/valuation.js';
import type { ParsedToolCall } from '../llm/provider.js';
import type { NewsSource } from '../news/news-source.js';
import type {
  AuditEntry,
  ModelDayRecord,
  ReasoningEntry,
  StartingPoint,
  TradeEntry,
  UsageEntry,
} from './model-day-record.js';
import { executeToolCall, type ToolExecution } from './tool-executor.js';

export interface TradingDayInput {
  jobId: string;
  model: string;
  date: string;
  /** Whose rules the day trades under: order rules, currency, calendar. */
  market: Market;
  /** Every bar the job knows; only MarketView reads it on the agent's behalf. */
  prices: PriceIndex;
  universe: readonly string[];
  start: StartingPoint;
  initialCash: number;
  costs?: CostModel;
  news?: NewsSource;
  now: () => Date;
}

/** What the agent produced besides its trades: its conversation, token usage and summary. */
export interface DayNarrative {
  reasoning: ReasoningEntry[];
  usage: UsageEntry[];
  summary: string;
}

/**
 * One model's trading day, whoever plays it: the built-in LLM loop (`runModelDay`) or an external
 * agent over MCP. It holds the day's MarketView (the one look-ahead guard), its ledger, and the
 * trades and audit entries of every tool call, and values the day at the close once the agent is
 * done. It stores nothing: the caller commits the record `finish` answers.
 */
export class TradingDay {
  readonly view: MarketView;
  readonly ledger: DayLedger;
  readonly startedAt: string;
  /** What the agent sees at the open: today's opens and each symbol's previous close. */
  readonly opens: ReadonlyMap<string, number>;
  readonly previousCloses: ReadonlyMap<string, PreviousClose>;
  /** The starting position valued at today's opens (the previous close where a symbol has none). */
  readonly startingValue: number;
  readonly #closesBefore: Map<string, number>;
  readonly #startedMs: number;
  readonly #audit: AuditEntry[] = [];
  readonly #trades: TradeEntry[] = [];

  constructor(private readonly input: TradingDayInput) {
    this.startedAt = input.now().toISOString();
    this.#startedMs = input.now().getTime();
    this.view = new MarketView(input.date, input.prices, new Set(input.universe));
    this.opens = this.view.todayOpens();
    this.previousCloses = this.view.previousCloses();
    this.#closesBefore = new Map([...this.previousCloses].map(([s, c]) => [s, c.close]));
    const { orderRules, currency } = input.market;
    const orders = { ...this.view.forMarketForOrders(), rules: orderRules, currency };
    this.ledger = new DayLedger(input.start.position, orders, input.costs);
    this.startingValue = valuePosition(input.start.position, this.opens, this.#closesBefore).value;
  }

  get date(): string {
    return this.input.date;
  }

  get market(): Market {
    return this.input.market;
  }

  get position(): Position {
    return this.ledger.position;
  }

  get trades(): readonly TradeEntry[] {
    return this.#trades;
  }

  get newsAvailable(): boolean {
    return this.input.news !== undefined;
  }

  /**
   * Runs one tool call through the view and the ledger, keeping its fills and its audit entry; `at`
   * is the time they were stamped with, for the caller's log of the call.
   */
  async call(call: ParsedToolCall, signal?: AbortSignal): Promise<ToolExecution & { at: string }> {
    const fillsBefore = this.ledger.fills.length;
    const result = await executeToolCall(call, {
      date: this.input.date,
      view: this.view,
      ledger: this.ledger,
      news: this.input.news,
      signal,
    });
    const at = this.input.now().toISOString();
    if (result.audit) this.#audit.push({ ...result.audit, at });
    for (const fill of this.ledger.fills.slice(fillsBefore)) this.#trades.push({ ...fill, at });
    return { ...result, at };
  }

  /** Keeps a refusal that happened outside the tools (an external agent's second claim, say). */
  audit(entry: Omit<AuditEntry, 'at'>): void {
    this.#audit.push({ ...entry, at: this.input.now().toISOString() });
  }

  /** The finished day, valued at the close: after the agent is done, outside its view of the market. */
  finish(narrative: DayNarrative): ModelDayRecord {
    const { input } = this;
    const endPosition = this.ledger.position;
    const closes = new Map<string, number>();
    for (const symbol of Object.keys(endPosition.holdings)) {
      const close = input.prices.bar(symbol, input.date)?.close;
      if (close !== undefined) closes.set(symbol, close);
    }
    const ending = valuePosition(endPosition, closes, this.#closesBefore);
    const pnl = dailyPnl({
      endingValue: ending.value,
      previousEndingValue: input.start.previousEndingValue,
      initialCash: input.initialCash,
    });
    return {
      jobId: input.jobId,
      model: input.model,
      market: input.market.id,
      date: input.date,
      start: input.start,
      startingValue: this.startingValue,
      endPosition,
      endingValue: ending.value,
      dailyProfit: pnl.profit,
      dailyReturnPct: pnl.returnPct,
      daysSinceLastTrading: daysSinceLastTrading(input.start.previousDate, input.date),
      trades: [...this.#trades],
      reasoning: narrative.reasoning,
      usage: narrative.usage,
      audit: [...this.#audit],
      summary: narrative.summary,
      startedAt: this.startedAt,
      completedAt: input.now().toISOString(),
      sessionDurationSeconds: secondsSince(this.#startedMs, input.now()),
      staleValuations: [...ending.fallbackUsed, ...ending.unpriced],
    };
  }
}
