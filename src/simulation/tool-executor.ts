import type { DayLedger, OrderResult } from '../core/ledger/index.js';
import type { MarketView } from '../core/market-view.js';
import { isToolName, validateToolArgs, type ToolName } from '../core/tools/tool-definitions.js';
import type { ParsedToolCall } from '../llm/provider.js';
import { formatNewsForAgent } from '../news/format-news.js';
import type { NewsSource } from '../news/news-source.js';

export type AuditOutcome = 'refused' | 'rejected' | 'error';

/** A tool call that did not do what the model asked, kept in the model-day's audit. */
export interface ToolAuditEntry {
  tool: string;
  arguments: string;
  outcome: AuditOutcome;
  reason: string;
  message: string;
}

export interface ToolExecution {
  /** The text returned to the model as the tool result. */
  content: string;
  audit?: ToolAuditEntry;
}

export interface ToolContext {
  date: string;
  view: MarketView;
  ledger: DayLedger;
  news?: NewsSource;
  signal?: AbortSignal;
}

/**
 * Runs one tool call of a model. Every price goes through the MarketView and every order through the
 * ledger, so the look-ahead and money rules live there alone; this only translates calls and results.
 * Nothing a model sends can make it throw: bad calls come back as error text plus an audit entry.
 */
export async function executeToolCall(call: ParsedToolCall, ctx: ToolContext): Promise<ToolExecution> {
  const failed = (outcome: AuditOutcome, reason: string, message: string): ToolExecution => ({
    content: `Error: ${message}`,
    audit: { tool: call.name, arguments: call.rawArguments, outcome, reason, message },
  });

  if ('error' in call) return failed('error', 'unparseable_arguments', call.error);
  if (!isToolName(call.name) || (call.name === 'get_information' && !ctx.news)) {
    return failed('error', 'unknown_tool', `Unknown tool "${call.name}".`);
  }
  const name: ToolName = call.name;

  if (name === 'buy' || name === 'sell') {
    // Raw values on purpose: the ledger owns the amount and symbol rules and explains each rejection.
    const result =
      name === 'buy'
        ? ctx.ledger.buy(call.args.symbol, call.args.amount)
        : ctx.ledger.sell(call.args.symbol, call.args.amount);
    return orderResult(result, failed);
  }

  if (name === 'get_price_local') {
    const lookup = ctx.view.lookup(call.args.symbol, call.args.date);
    if (!lookup.ok) return failed('refused', lookup.reason, lookup.message);
    const { ok: _ok, partial, ...bar } = lookup;
    return { content: JSON.stringify(partial ? { ...bar, note: 'Only the open is known today.' } : bar) };
  }

  if (name === 'get_information') {
    const valid = validateToolArgs('get_information', call.args);
    if (!valid.ok) return failed('error', 'invalid_arguments', valid.error);
    try {
      const result = await ctx.news!.search(valid.args.query, ctx.date, ctx.signal);
      return { content: formatNewsForAgent(result, ctx.date) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return failed('error', 'news_unavailable', `News search failed: ${message}`);
    }
  }

  const valid = validateToolArgs(name, call.args);
  if (!valid.ok) return failed('error', 'invalid_arguments', valid.error);
  const { a, b } = valid.args as { a: number; b: number };
  return { content: String(name === 'add' ? a + b : a * b) };
}

function orderResult(
  result: OrderResult,
  failed: (outcome: AuditOutcome, reason: string, message: string) => ToolExecution,
): ToolExecution {
  if (!result.ok) return failed('rejected', result.rejection.code, result.rejection.message);
  const { fill } = result;
  return {
    content: JSON.stringify({
      status: 'filled',
      action: fill.side,
      symbol: fill.symbol,
      quantity: fill.quantity,
      price: fill.price,
      commission: fill.commission,
      cash_after: fill.cashAfter,
      shares_after: fill.sharesAfter,
    }),
  };
}
