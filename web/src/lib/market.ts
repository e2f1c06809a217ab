/**
 * Which market the page shows, and how its money reads. The market lives in the URL's hash
 * (`#/?market=crypto`), so a link keeps it and switching is a hash change, never a reload; without
 * one the page shows the server's market (`/health` says which) and asks the API without naming it,
 * as a client of the original would.
 */
import type { HealthResponse, LeaderboardResponse } from '../api/types.js';
import { NOT_AVAILABLE } from './format.js';

export type MarketId = HealthResponse['market'];
export type Currency = LeaderboardResponse['currency'];

/** The switch's choices, in the API's order; `satisfies` makes a new server market a type error here. */
export const MARKET_CHOICES = [
  { id: 'us', label: 'US stocks · NASDAQ-100' },
  { id: 'cn', label: 'China A-shares · SSE-50' },
  { id: 'crypto', label: 'Crypto' },
] as const satisfies readonly { id: MarketId; label: string }[];

const IDS: readonly string[] = MARKET_CHOICES.map((choice) => choice.id);

/** `US stocks · NASDAQ-100`, as the switch names it. */
export function marketLabel(market: MarketId): string {
  return MARKET_CHOICES.find((choice) => choice.id === market)?.label ?? market;
}

/** The market a URL names (`market=cn`), or null when it names none or one the page does not know. */
export function marketInUrl(params: URLSearchParams): MarketId | null {
  const value = params.get('market');
  return value !== null && IDS.includes(value) ? (value as MarketId) : null;
}

/** What the page shows: the URL's market, else the server's (null until /health answers). */
export function shownMarket(fromUrl: MarketId | null, serverMarket: MarketId | null): MarketId | null {
  return fromUrl ?? serverMarket;
}

/**
 * The hash params after switching to `market`: the page stays, and so do the overview's dates;
 * a job, model or day belongs to one market, so they are dropped.
 */
export function paramsForMarket(params: URLSearchParams, market: MarketId): Record<string, string> {
  const kept: Record<string, string> = { market };
  for (const key of ['start', 'end']) {
    const value = params.get(key);
    if (value) kept[key] = value;
  }
  return kept;
}

/** USD until an answer says otherwise: what the original's answers were in. */
export const US_DOLLARS: Currency = { code: 'USD', symbol: '$', decimals: 2 };

/**
 * Money as the agents and the CLI write it: `$10,100.00`, `¥100,500.00`, `50,494.9500 USDT`
 * (a currency without a sign of its own is named after the amount, to its decimals).
 */
export function moneyFormatter(currency: Currency): (value: number | null | undefined) => string {
  const number = new Intl.NumberFormat('en-US', {
    minimumFractionDigits: currency.decimals,
    maximumFractionDigits: currency.decimals,
  });
  return (value) => {
    if (value === null || value === undefined || !Number.isFinite(value)) return NOT_AVAILABLE;
    const text = number.format(Math.abs(value));
    const sign = value < 0 && Number(text.replace(/,/g, '')) !== 0 ? '-' : '';
    return currency.symbol === '' ? `${sign}${text} ${currency.code}` : `${sign}${currency.symbol}${text}`;
  };
}

/** Quantities as they are: whole shares without decimals, coins to their 4 (`10`, `0.1817`). */
export function formatQuantity(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NOT_AVAILABLE;
  return QUANTITY.format(value);
}

const QUANTITY = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });
