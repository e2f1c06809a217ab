import { isIsoDate } from '../../core/dates.js';
import { PRICE_ROW_PATTERN } from '../../core/prompt.js';

/** One row of the prompt's price table; a missing number was written `n/a`. */
export interface Quote {
  prevClose?: number;
  open?: number;
}

/** What a mock model knows at the open: everything comes from the system prompt, nothing else. */
export interface DayState {
  date: string;
  cash: number;
  /** Shares held, by symbol. */
  holdings: ReadonlyMap<string, number>;
  /** Price table rows in the prompt's order. */
  quotes: ReadonlyMap<string, Quote>;
  /** The cap on tool-calling turns the prompt states, when it states one. */
  maxSteps?: number;
  /** The order grid the prompt's rules state: whole shares, lots of 100, or 4 decimal places. */
  grid: QuantityGrid;
}

/** What an order amount may be: a multiple of `step`, written with at most `decimals` decimals. */
export interface QuantityGrid {
  step: number;
  decimals: number;
}

const WHOLE_SHARES: QuantityGrid = { step: 1, decimals: 0 };

const DATE_LINE = /Today is (\d{4}-\d{2}-\d{2})\b/;
const CASH_LINE = /^- Cash: [^0-9-]*([0-9,]+(?:\.[0-9]+)?)(?: [A-Z]+)?\s*$/m;
const HOLDING_LINE = /^- ([A-Z0-9][A-Z0-9.-]*): ([0-9]+(?:\.[0-9]+)?) (?:shares|units)\b/gm;
const LOT_RULE = /in lots of ([0-9]+) shares/;
const DECIMALS_RULE = /with up to ([0-9]+) decimal places/;
const MAX_STEPS_LINE = /at most ([0-9]+) tool-calling turns/;

/**
 * Reads the system prompt the way a careful model would. Returns an error string instead of a state
 * when the prompt lacks what every decision needs, so the provider can fail loudly: a mock that
 * silently stops trading would hide a change in the prompt format.
 */
export function parseDayState(systemPrompt: string): DayState | { error: string } {
  const date = DATE_LINE.exec(systemPrompt)?.[1];
  if (date === undefined || !isIsoDate(date)) return { error: 'no "Today is YYYY-MM-DD" line' };
  const cashText = CASH_LINE.exec(systemPrompt)?.[1];
  if (cashText === undefined) return { error: 'no "- Cash: $N" line' };

  const holdings = new Map<string, number>();
  for (const match of systemPrompt.matchAll(HOLDING_LINE)) {
    const shares = Number(match[2]);
    if (match[1] !== undefined && shares > 0) holdings.set(match[1], shares);
  }

  const quotes = new Map<string, Quote>();
  for (const line of systemPrompt.split('\n')) {
    const row = PRICE_ROW_PATTERN.exec(line.trim());
    if (!row?.[1]) continue;
    const quote: Quote = {};
    const prevClose = priceOrUndefined(row[2]);
    const open = priceOrUndefined(row[3]);
    if (prevClose !== undefined) quote.prevClose = prevClose;
    if (open !== undefined) quote.open = open;
    quotes.set(row[1], quote);
  }

  const state: DayState = {
    date,
    cash: Number(cashText.replaceAll(',', '')),
    holdings,
    quotes,
    grid: gridOf(systemPrompt),
  };
  const maxSteps = MAX_STEPS_LINE.exec(systemPrompt)?.[1];
  if (maxSteps !== undefined) state.maxSteps = Number(maxSteps);
  return state;
}

/** The order grid the rules state; whole shares when they state none. */
function gridOf(systemPrompt: string): QuantityGrid {
  const lot = LOT_RULE.exec(systemPrompt)?.[1];
  if (lot !== undefined) return { step: Number(lot), decimals: 0 };
  const decimals = DECIMALS_RULE.exec(systemPrompt)?.[1];
  if (decimals !== undefined) return { step: 1 / 10 ** Number(decimals), decimals: Number(decimals) };
  return WHOLE_SHARES;
}

/** The largest amount on the grid at most `quantity` (0 when not even one step fits). */
export function onGrid(quantity: number, grid: QuantityGrid): number {
  if (!(quantity > 0)) return 0;
  // A fractional step (0.0001) meets binary rounding (0.3 / 0.1 = 2.9999...); whole steps never do.
  const steps = Math.floor(quantity / grid.step + (grid.decimals > 0 ? 1e-9 : 0));
  return Number((steps * grid.step).toFixed(grid.decimals));
}

function priceOrUndefined(text: string | undefined): number | undefined {
  if (text === undefined || text === 'n/a') return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Today's open of a symbol, if it trades today. */
export function openOf(state: DayState, symbol: string): number | undefined {
  return state.quotes.get(symbol)?.open;
}

/** Symbols with an open today, in table order: the only ones an order can fill. */
export function symbolsOpenToday(state: DayState): string[] {
  return [...state.quotes].filter(([, quote]) => quote.open !== undefined).map(([symbol]) => symbol);
}

/** Overnight move `open / prevClose - 1`, the one return the prompt alone gives. */
export function overnightGap(state: DayState, symbol: string): number | undefined {
  const quote = state.quotes.get(symbol);
  if (quote?.open === undefined || quote.prevClose === undefined) return undefined;
  return quote.open / quote.prevClose - 1;
}

/** Cash plus holdings at today's open; holdings with no open today cannot be valued, so count nothing. */
export function valueAtOpen(state: DayState): number {
  let value = state.cash;
  for (const [symbol, shares] of state.holdings) value += shares * (openOf(state, symbol) ?? 0);
  return value;
}
