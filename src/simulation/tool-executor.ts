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

/** Turns a call that did not do what the model asked into error text and its audit entry. */
type Failed = (outcome: AuditOutcome, reason: string, message: string) => ToolExecution;

/**
 * Runs one tool call of a model. Every price goes through the MarketView and every order through the
 * ledger, so the look-ahead and money rules live there alone; this only translates calls and results.
 * Nothing a model sends can make it throw: bad calls come back as error text plus an audit entry.
 */
export async function executeToolCall(call: ParsedToolCall, ctx: ToolContext): Promise<ToolExecution> {
  const failed: Failed = (outcome, reason, message) => ({
    content: `Error: ${message}`,
    audit: { tool: call.name, arguments: call.rawArguments, outcome, reason, message },
  });

  if ('error' in call) return failed('error', 'unparseable_arguments', call.error);
  if (!isToolName(call.name) || (call.name === 'get_information' && !ctx.news)) {
    return failed('error', 'unknown_tool', `Unknown tool "${call.name}".`);
  }
  const name: ToolName = call.name;

  // One case per tool: a tool added to TOOL_SCHEMAS without a case here does not compile.
  switch (name) {
    // Raw values on purpose: the ledger owns the amount and symbol rules and explains each rejection.
    case 'buy':
      return orderResult(ctx.ledger.buy(call.args.symbol, call.args.amount), failed);
    case 'sell':
      return orderResult(ctx.ledger.sell(call.args.symbol, call.args.amount), failed);
    case 'get_price_local':
      return priceLookup(ctx.view, call.args, failed);
    case 'get_information':
      return newsSearch(call.args, ctx, failed);
    case 'add':
      return arithmetic('add', call.args, (a, b) => a + b, failed);
    case 'multiply':
      return arithmetic('multiply', call.args, (a, b) => a * b, failed);
    default:
      return unhandledTool(name);
  }
}

function priceLookup(view: MarketView, args: Record<string, unknown>, failed: Failed): ToolExecution {
  const lookup = view.lookup(args.symbol, args.date);
  if (!lookup.ok) return failed('refused', lookup.reason, lookup.message);
  const { ok: _ok, partial, ...bar } = lookup;
  return { content: JSON.stringify(partial ? { ...bar, note: 'Only the open is known today.' } : bar) };
}

async function newsSearch(
  args: Record<string, unknown>,
  ctx: ToolContext,
  failed: Failed,
): Promise<ToolExecution> {
  const valid = validateToolArgs('get_information', args);
  if (!valid.ok) return failed('error', 'invalid_arguments', valid.error);
  // The caller offers this tool only when a news source exists.
  const news = ctx.news!;
  try {
    const result = await news.search(valid.args.query, ctx.date, ctx.signal);
    return { content: formatNewsForAgent(result, ctx.date) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return failed('error', 'news_unavailable', `News search failed: ${message}`);
  }
}

function arithmetic(
  name: 'add' | 'multiply',
  args: Record<string, unknown>,
  operation: (a: number, b: number) => number,
  failed: Failed,
): ToolExecution {
  const valid = validateToolArgs(name, args);
  if (!valid.ok) return failed('error', 'invalid_arguments', valid.error);
  return { content: String(operation(valid.args.a, valid.args.b)) };
}

/** Reached only if the switch above misses a tool, which the `never` parameter turns into a compile error. */
function unhandledTool(name: never): never {
  throw new Error(`tool ${String(name)} has no handler`);
}

function orderResult(result: OrderResult, failed: Failed): ToolExecution {
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
