import { describeMarket, quantityRule, settlementRule } from '../core/markets/rules-text.js';
import type { Logger } from 'pino';
import { isTradingTool } from './arena-tools.js';
import { checkArenaArguments, toolNameExcerpt } from './call-limits.js';
import type { ExternalArena } from './external-arena.js';
import { refusal, type ArenaAnswer, type ExternalDay } from './external-day.js';

/**
 * One connected MCP client (a stdio process, or one HTTP session): it holds at most one claimed
 * model-day, and every call but claim_day acts on that day alone. Refusals are tool results with
 * isError set; while a day is held they are also kept in its audit.
 */
export class ArenaClient {
  #day: ExternalDay | undefined;
  #claiming = false;

  constructor(
    private readonly arena: ExternalArena,
    private readonly logger: Logger,
  ) {}

  /** The day this client holds, while it may still act on it. */
  get heldDay(): ExternalDay | undefined {
    return this.#day && !this.#day.end ? this.#day : undefined;
  }

  async call(name: string, args: Record<string, unknown>): Promise<ArenaAnswer> {
    if (name === 'claim_day') return this.#claim(args);
    if (name === 'finish_day') return this.#finish(args);
    const day = this.#day;
    if (isTradingTool(name, this.arena.newsAvailable)) {
      if (!day) return this.#refuseUnclaimed(name);
      return day.tool(name, args);
    }
    const shown = toolNameExcerpt(name);
    const message = `Unknown tool ${JSON.stringify(shown)}.`;
    return this.heldDay ? this.heldDay.refuse(shown, args, 'unknown_tool', message) : refusal(message);
  }

  /** The client went away (stdin closed, HTTP session deleted or expired): its day fails now. */
  async disconnect(reason: string): Promise<void> {
    await this.heldDay?.abandon(`External agent disconnected (${reason}); the day was not committed`);
  }

  async #claim(args: Record<string, unknown>): Promise<ArenaAnswer> {
    const checked = checkArenaArguments('claim_day', args);
    const model = checked.ok ? checked.args.model : undefined;
    const held = this.heldDay;
    if (held) {
      // The model is checked first so that asking for another model's day is audited as such.
      if (model !== undefined && !this.arena.externalModels().includes(model)) {
        const message = `${JSON.stringify(model)} is not an external model; you hold ${held.label}.`;
        return held.refuse('claim_day', args, 'not_external', message);
      }
      const message = `You already hold ${held.label}: call finish_day before claiming another day.`;
      return held.refuse('claim_day', args, 'second_claim', message);
    }
    if (!checked.ok) return refusal(checked.message);
    // Requests of one session may run in parallel: one claim at a time, or two days could be taken.
    if (this.#claiming) return refusal('A claim_day of yours is already in progress.');
    this.#claiming = true;
    const answer = await this.arena.claim(model).finally(() => (this.#claiming = false));
    if (!answer.ok) {
      if (answer.reason === 'not_external') {
        this.logger.warn({ model, reason: answer.reason }, 'external agent refused a claim');
        return refusal(answer.message);
      }
      return { text: JSON.stringify({ status: 'none_waiting', message: answer.message }), isError: false };
    }
    this.#day = answer.day;
    return { text: JSON.stringify(claimContext(answer.day, this.arena)), isError: false };
  }

  async #finish(args: Record<string, unknown>): Promise<ArenaAnswer> {
    const day = this.#day;
    if (!day) return this.#refuseUnclaimed('finish_day');
    const checked = checkArenaArguments('finish_day', args);
    if (!checked.ok) {
      const { message, reason } = checked;
      return day.end ? refusal(message) : day.refuse('finish_day', args, reason, message);
    }
    return day.finish(checked.args.summary);
  }

  #refuseUnclaimed(tool: string): ArenaAnswer {
    this.logger.info({ tool }, 'external agent called a tool without a claimed day');
    return refusal(`No model-day is claimed: call claim_day before ${tool}.`);
  }
}

/** What an agent knows at the open of its claimed day. */
function claimContext(day: ExternalDay, arena: ExternalArena): Record<string, unknown> {
  const { claim, trading } = day;
  const prices: Record<
    string,
    { open: number | null; previous_close: number | null; previous_date: string | null }
  > = {};
  const symbols = new Set([...trading.opens.keys(), ...trading.previousCloses.keys()]);
  for (const symbol of [...symbols].sort()) {
    const previous = trading.previousCloses.get(symbol);
    prices[symbol] = {
      open: trading.opens.get(symbol) ?? null,
      previous_close: previous?.close ?? null,
      previous_date: previous?.date ?? null,
    };
  }
  const position = trading.position;
  const { market } = trading;
  const settlement = settlementRule(market.orderRules);
  return {
    status: 'claimed',
    job_id: claim.jobId,
    signature: claim.model,
    date: claim.date,
    market: market.id,
    currency: market.currency.code,
    order_rules: `Orders in ${quantityRule(market.orderRules)}${settlement === null ? '' : `; ${settlement.slice(2)}`}`,
    cash: position.cash,
    holdings: position.holdings,
    starting_value: trading.startingValue,
    prices_today: prices,
    idle_timeout_seconds: arena.idleTimeoutMs / 1000,
    instructions:
      `It is the open of ${claim.date} (${describeMarket(market)}): orders fill at today's open; earlier days' full bars and ` +
      `today's open are visible, nothing later. Trade with buy and sell, then call finish_day. ` +
      `A claim with no call for ${arena.idleTimeoutMs / 1000} s fails and nothing of it is kept.`,
  };
}
