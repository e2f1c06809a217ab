import type { Position } from './ledger/position.js';
import { US_MARKET } from './markets/us.js';
import type { Market } from './markets/market.js';
import { moneyFormatter, quantityRule, quantityRuleShort, settlementRule } from './markets/rules-text.js';

/** The stop word the agent writes when it is done for the day. */
export const FINISH_SIGNAL = '<FINISH_SIGNAL>';

export interface PromptInput {
  date: string;
  position: Position;
  /** Today's opens of the tradable symbols. */
  opens: ReadonlyMap<string, number>;
  /** Each symbol's close of the previous trading session (with that session's date). */
  previousCloses: ReadonlyMap<string, { date: string; close: number }>;
  /** Symbols the agent may trade (the order of the table). */
  universe: readonly string[];
  /** Portfolio value with holdings at today's open. */
  valueAtOpen: number;
  newsAvailable: boolean;
  maxSteps: number;
  /** Whose rules, currency and universe the prompt states; the US market when absent. */
  market?: Market;
}

// One formatter per market for the process: toLocaleString builds one per call, which dominated prompt cost.
const formatters = new Map<Market, (amount: number) => string>();
function moneyOf(market: Market): (amount: number) => string {
  let format = formatters.get(market);
  if (format === undefined) formatters.set(market, (format = moneyFormatter(market.currency)));
  return format;
}
const price = (x: number | undefined): string =>
  x === undefined ? 'n/a' : String(Math.round(x * 10_000) / 10_000);

/**
 * The system prompt of a model-day. The price table is one `SYMBOL | prev close | open` row per symbol
 * so both people and the mock strategies can read it. The mocks (src/llm/mock/day-state.ts) also read
 * the `Today is`, `- Cash:`, `- SYM: N shares` and `at most N tool-calling turns` lines: reword them
 * together with the mocks (their tests build prompts with this function and will catch a mismatch).
 */
export function buildSystemPrompt(input: PromptInput): string {
  const { date, position } = input;
  const market = input.market ?? US_MARKET;
  const rules = market.orderRules;
  const money = moneyOf(market);
  const prevDates = new Set([...input.previousCloses.values()].map((p) => p.date));
  const prevSession = prevDates.size === 1 ? [...prevDates][0] : 'previous session';

  const holdings = Object.entries(position.holdings).sort(([a], [b]) => a.localeCompare(b));
  const positionLines =
    holdings.length === 0
      ? ['- (no holdings)']
      : holdings.map(([symbol, qty]) => {
          const open = input.opens.get(symbol);
          const value = open === undefined ? 'no price today' : `${money(open * qty)} at open`;
          return `- ${symbol}: ${qty} ${rules.unit.many} (${value})`;
        });

  const priceRows = input.universe.map(
    (symbol) =>
      `${symbol} | ${price(input.previousCloses.get(symbol)?.close)} | ${price(input.opens.get(symbol))}`,
  );

  const tools = [
    '- get_price_local(symbol, date): daily bar for an earlier date; for today only the open.',
    `- buy(symbol, amount) / sell(symbol, amount): ${quantityRuleShort(rules)} at today's open.`,
    input.newsAvailable ? '- get_information(query): news published before today.' : undefined,
    '- add(a, b), multiply(a, b): arithmetic helpers.',
  ].filter((line): line is string => line !== undefined);

  return [
    `You are ${market.agentRole}.`,
    `Today is ${date}. The market has just opened; you can see today's open prices but nothing later.`,
    '',
    'Current position:',
    `- Cash: ${money(position.cash)}`,
    ...positionLines,
    `Portfolio value at today's open: ${money(input.valueAtOpen)}`,
    '',
    `Prices (${market.currency.code}): symbol | close on ${prevSession} | open on ${date}`,
    ...priceRows,
    '',
    'Rules:',
    `- Orders fill at today's open, in ${quantityRule(rules)}. No short selling, no margin:`,
    '  a buy that would take cash below zero is rejected; you cannot sell more than you hold.',
    ...nonNull(settlementRule(rules)),
    '- Proceeds of a sale are available for later buys today.',
    '- Symbols marked n/a for today have no price and cannot be traded today.',
    '',
    'Tools:',
    ...tools,
    '',
    `Think step by step, use the tools, and make at most ${input.maxSteps} tool-calling turns.`,
    `When you are done trading for today, reply with ${FINISH_SIGNAL}.`,
  ].join('\n');
}

/** The message that asks for the end-of-day summary. */
export const SUMMARY_REQUEST =
  'Summarize today in 2-3 sentences: name every trade you made (side, shares, symbol) and why, ' +
  'or say that you made none.';

/** Matches a row of the price table: symbol, previous close, open (each a number or n/a). */
export const PRICE_ROW_PATTERN = /^([A-Z0-9][A-Z0-9.-]*) \| ([0-9.]+|n\/a) \| ([0-9.]+|n\/a)$/;

function nonNull<T>(value: T | null): T[] {
  return value === null ? [] : [value];
}
