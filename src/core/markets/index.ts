import { CN_MARKET } from './cn.js';
import { CRYPTO_MARKET } from './crypto.js';
import { MARKET_IDS, type Market, type MarketId } from './market.js';
import { US_MARKET } from './us.js';

export * from './market.js';
export { US_MARKET } from './us.js';
export { CN_MARKET, SSE_50_INDEX, SSE_50_SYMBOLS, SSE_CALENDAR } from './cn.js';
export { CD5_WEIGHTS, CRYPTO_MARKET, CRYPTO_SYMBOLS, EVERY_DAY_CALENDAR } from './crypto.js';

const MARKETS: Readonly<Record<MarketId, Market>> = Object.freeze({
  us: US_MARKET,
  cn: CN_MARKET,
  crypto: CRYPTO_MARKET,
});

/** The market the original server traded, and every client that never names one gets. */
export const DEFAULT_MARKET_ID: MarketId = 'us';

export function marketById(id: MarketId): Market {
  return MARKETS[id];
}

export function isMarketId(value: unknown): value is MarketId {
  return typeof value === 'string' && (MARKET_IDS as readonly string[]).includes(value);
}

export function allMarkets(): readonly Market[] {
  return MARKET_IDS.map((id) => MARKETS[id]);
}
export * from './rules-text.js';
