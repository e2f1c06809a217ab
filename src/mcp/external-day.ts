import type { Logger } from 'pino';
import { secondsSince } from '../core/dates.js';
import { LeaseLostError, type ClaimedDay, type JobStore } from '../jobs/job-store.js';
import type { ReasoningEntry } from '../simulation/model-day-record.js';
import type { ModelDayStore } from '../simulation/model-day-store.js';
import { fallbackSummary } from '../simulation/model-day-runner.js';
import { MAX_SUMMARY_CHARS, type TradingTool } from './arena-tools.js';
import type { TradingDay } from '../simulation/trading-day.js';
import { callLimitMessage, checkToolArguments, storedArguments } from './call-limits.js';

/** How an external day ended, once it has. */
export type ExternalDayEnd =
  | { state: 'committed'; tradingDayId: number }
  /** Recorded as failed (the agent went idle or disconnected); nothing of it was written. */
  | { state: 'failed'; error: string }
  /** Its lease was lost (taken over, or handed back at shutdown): another claim runs it now. */
  | { state: 'lost'; error: string };

export interface ExternalDayDeps {
  jobs: Pick<JobStore, 'failDay'>;
  /** Commits the day's rows and completes its detail in one transaction, under the lease. */
  modelDays: Pick<ModelDayStore, 'saveDay'>;
  now: () => Date;
  logger: Logger;
  idleTimeoutMs: number;
  /** Calls the day may hold (agent_config.max_steps): each is kept in memory until the day ends. */
  maxCalls: number;
  /** Called once the day has ended, whichever way: the arena lets go of its lease and settles the job. */
  ended(day: ExternalDay, end: ExternalDayEnd): void;
}

/** What an MCP tool answers: text for the agent, and whether the call failed or was refused. */
export interface ArenaAnswer {
  text: string;
  isError: boolean;
}

const LEASE_LOST = 'the lease on this model-day was lost';

export const refusal = (message: string): ArenaAnswer => ({ text: `Error: ${message}`, isError: true });

/**
 * One model-day an external agent claimed over MCP: its TradingDay (view, ledger, audit), a log of
 * the agent's calls for the reasoning record, and an idle timer. Nothing is written until
 * `finish`, which commits the day atomically under its lease; a day whose agent goes quiet for
 * the idle timeout, or disconnects, is recorded as failed instead, with no row of it written, so it
 * can be run again by a later job.
 */
export class ExternalDay {
  readonly reasoning: ReasoningEntry[] = [];
  #end: ExternalDayEnd | undefined;
  #committing = false;
  /** The keeper lost the lease while a write was in flight: unless that write ended the day, it is lost. */
  #leaseLost = false;
  #timer: NodeJS.Timeout | undefined;
  #calls = 0;

  constructor(
    readonly claim: ClaimedDay,
    readonly trading: TradingDay,
    private readonly deps: ExternalDayDeps,
    lostSignal: AbortSignal,
  ) {
    this.touch();
    lostSignal.addEventListener(
      'abort',
      () => {
        // A write in flight (the commit, or the record of a failure) says how the day ended: the
        // keeper cannot tell that write's own effect (the day no longer running) from a takeover.
        if (this.#committing) this.#leaseLost = true;
        else this.#ended({ state: 'lost', error: LEASE_LOST });
      },
      { once: true },
    );
  }

  /** How it ended; undefined while the agent may still act on it. */
  get end(): ExternalDayEnd | undefined {
    return this.#end;
  }

  get label(): string {
    return `${this.claim.model} ${this.claim.date} of job ${this.claim.jobId}`;
  }

  /** The agent did something: the idle timeout starts again. */
  touch(): void {
    if (this.#end) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      const seconds = this.deps.idleTimeoutMs / 1000;
      void this.abandon(
        `External agent idle for ${seconds} s (MCP_IDLE_TIMEOUT_SECONDS); the day was not committed`,
      );
    }, this.deps.idleTimeoutMs);
    this.#timer.unref();
  }

  /**
   * Runs one of the agent's trading tools through the day's view and ledger, logged for the record.
   * Its arguments are checked (size, then the tool's schema) before anything of them is kept; a
   * refused call is audited with an excerpt of them.
   */
  async tool(name: TradingTool, args: Record<string, unknown>): Promise<ArenaAnswer> {
    const closed = this.#closed() ?? this.#full();
    if (closed) return closed;
    this.touch();
    const id = `mcp-${++this.#calls}`;
    const checked = checkToolArguments(name, args, this.trading.market);
    const rawArguments = checked.ok ? checked.json : checked.excerpt;
    this.reasoning.push({
      role: 'assistant',
      content: null,
      toolCalls: [{ id, name, arguments: rawArguments }],
      at: this.deps.now().toISOString(),
    });
    if (!checked.ok) {
      const { reason, message } = checked;
      this.trading.audit({ tool: name, arguments: rawArguments, outcome: 'error', reason, message });
      this.#toolResult(id, name, `Error: ${message}`, this.deps.now().toISOString());
      return refusal(message);
    }
    const { content, audit, at } = await this.trading.call({ id, name, args: checked.args, rawArguments });
    this.#toolResult(id, name, content, at);
    this.touch();
    return { text: content, isError: audit !== undefined };
  }

  /**
   * A call the arena refused on this day's behalf (a second claim, another model's day): audited,
   * with an excerpt of its arguments, while the day has calls left; past its limit the agent still
   * hears why, and nothing more is kept.
   */
  refuse(tool: string, args: unknown, reason: string, message: string): ArenaAnswer {
    if (!this.#end && !this.#committing && this.#calls < this.deps.maxCalls) {
      this.#calls += 1;
      this.trading.audit({ tool, arguments: storedArguments(args), outcome: 'refused', reason, message });
    }
    this.touch();
    return refusal(message);
  }

  #toolResult(id: string, name: string, content: string, at: string): void {
    this.reasoning.push({ role: 'tool', content, toolCallId: id, toolName: name, at });
  }

  /** The refusal once the day holds every call it may (nothing more of the agent's is kept). */
  #full(): ArenaAnswer | undefined {
    if (this.#end || this.#committing || this.#calls < this.deps.maxCalls) return undefined;
    this.touch();
    return refusal(callLimitMessage(this.label, this.deps.maxCalls));
  }

  /**
   * Commits the day (trades, positions, value at the close, reasoning, audit) in one transaction
   * under the lease. A database failure leaves the day open, so the agent may call again.
   */
  async finish(summary: string | undefined): Promise<ArenaAnswer> {
    const closed = this.#closed();
    if (closed) return closed;
    this.#committing = true;
    clearTimeout(this.#timer);
    const text = summary?.trim().slice(0, MAX_SUMMARY_CHARS) || fallbackSummary(this.trading.trades);
    const at = this.deps.now().toISOString();
    const record = this.trading.finish({
      reasoning: [...this.reasoning, { role: 'assistant', content: text, at }],
      usage: [],
      summary: text,
    });
    try {
      const tradingDayId = await this.deps.modelDays.saveDay(record, { lease: this.claim.lease });
      this.#ended({ state: 'committed', tradingDayId });
      return {
        isError: false,
        text: JSON.stringify({
          status: 'committed',
          job_id: record.jobId,
          signature: record.model,
          date: record.date,
          trades: record.trades.length,
          starting_value: record.startingValue,
          ending_value: record.endingValue,
          daily_profit: record.dailyProfit,
          daily_return_pct: record.dailyReturnPct,
          cash: record.endPosition.cash,
          holdings: record.endPosition.holdings,
        }),
      };
    } catch (error) {
      if (error instanceof LeaseLostError) {
        this.#ended({ state: 'lost', error: error.message });
        return this.#closed()!;
      }
      if (this.#leaseLost) {
        this.#ended({ state: 'lost', error: LEASE_LOST });
        return this.#closed()!;
      }
      this.#committing = false;
      this.touch();
      const message = error instanceof Error ? error.message : String(error);
      this.deps.logger.warn({ day: this.label, err: message }, 'external model-day not committed');
      return refusal(`The day could not be committed (${message}); call finish_day again.`);
    }
  }

  /** Records the day as failed (nothing of it was written), unless it already ended. */
  async abandon(error: string): Promise<void> {
    if (this.#end || this.#committing) return;
    this.#committing = true;
    clearTimeout(this.#timer);
    const recorded = await this.deps.jobs
      .failDay(this.claim, this.claim.lease, {
        error,
        completedAt: this.deps.now().toISOString(),
        durationSeconds: secondsSince(this.trading.startedAt, this.deps.now()),
      })
      .catch((cause: unknown) => {
        // Its lease runs out unrenewed, and recovery hands the day back as pending.
        this.deps.logger.warn({ day: this.label, err: String(cause) }, 'could not record the failed day');
        return false;
      });
    this.deps.logger.warn({ day: this.label, reason: error }, 'external model-day failed');
    this.#ended(recorded ? { state: 'failed', error } : { state: 'lost', error });
  }

  /** Ends the claim here without recording anything (its lease was handed back: the day is pending again). */
  release(reason: string): void {
    this.#ended({ state: 'lost', error: reason });
  }

  #ended(end: ExternalDayEnd): void {
    if (this.#end) return;
    clearTimeout(this.#timer);
    this.#end = end;
    this.deps.ended(this, end);
  }

  /** The refusal for a call on a day that ended or is being committed; undefined while it is open. */
  #closed(): ArenaAnswer | undefined {
    if (this.#committing && !this.#end)
      return refusal(`${this.label} is being committed; no more calls are taken for it.`);
    const end = this.#end;
    if (!end) return undefined;
    if (end.state === 'committed')
      return refusal(`${this.label} is already committed. Call claim_day for the next one.`);
    return refusal(`Your claim on ${this.label} ended: ${end.error}. Call claim_day again.`);
  }
}
