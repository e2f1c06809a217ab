/**
 * The synthetic character of the SSE-50 and of the ten coins: price levels near the real ones,
 * the volatility of each market, and its trading volume. Fixed per seed and symbol, like the US
 * profiles in `symbol-profile.ts`.
 */
import { CN_MARKET, CRYPTO_MARKET, SSE_50_INDEX } from '../../core/markets/index.js';
import { between, logBetween, profileRng, type MarketFactor, type SymbolProfile } from './symbol-profile.js';

/** Large Shanghai caps move less together than US tech, and drift less. */
export const CN_FACTOR: MarketFactor = Object.freeze({ dailyDrift: 0.0002, dailyVol: 0.01 });

/** Coins move together hard, around a volatile common factor (about 45% a year, Bitcoin's). */
export const CRYPTO_FACTOR: MarketFactor = Object.freeze({ dailyDrift: 0.0002, dailyVol: 0.024 });

// Kweichow Moutai trades near 1,500 CNY, far above every other SSE-50 share: kept so, as a demo of
// what a 100-share lot costs (about 150,000 CNY, more than the market's starting cash).
const CN_ANCHOR_PRICES: Readonly<Record<string, number>> = Object.freeze({ '600519.SH': 1_450 });

const SSE_50_INDEX_PROFILE: SymbolProfile = Object.freeze({
  beta: 1,
  idiosyncraticVol: 0.001,
  dailyDrift: CN_FACTOR.dailyDrift,
  anchorPrice: 3_000,
  baseVolume: 45_000_000,
  priceDecimals: 4,
});

/** A Shanghai share: tens of CNY (Moutai about 1,500), quoted to the 0.01 CNY tick. */
export function cnProfileFor(symbol: string, seed: number): SymbolProfile {
  if (symbol === SSE_50_INDEX) return SSE_50_INDEX_PROFILE;
  const rng = profileRng(symbol, seed);
  const annualDrift = between(-0.1, 0.15, rng.uniform());
  const beta = between(0.5, 1.3, rng.uniform());
  const idiosyncraticVol = between(0.008, 0.02, rng.uniform());
  const anchorPrice = CN_ANCHOR_PRICES[symbol] ?? logBetween(4, 150, rng.uniform());
  // Hundreds of millions to a few billion CNY a day, counted in shares.
  const dailyTurnover = logBetween(300_000_000, 5_000_000_000, rng.uniform());
  return {
    beta,
    idiosyncraticVol,
    dailyDrift: Math.log1p(annualDrift) / CN_MARKET.periodsPerYear,
    anchorPrice,
    baseVolume: dailyTurnover / anchorPrice,
    priceDecimals: 2,
  };
}

/** Prices near those of late 2025, against USDT. */
const COIN_ANCHOR_PRICES: Readonly<Record<string, number>> = Object.freeze({
  'BTC-USDT': 100_000,
  'ETH-USDT': 3_500,
  'XRP-USDT': 2.3,
  'SOL-USDT': 170,
  'ADA-USDT': 0.55,
  'SUI-USDT': 3,
  'LINK-USDT': 16,
  'AVAX-USDT': 20,
  'LTC-USDT': 95,
  'DOT-USDT': 3.2,
});

/** Bitcoin is most of the market: it is the factor, with a little of its own. */
const BITCOIN = 'BTC-USDT';

/** A coin: its level near the real one, its volatility well above a stock's, volume in coins. */
export function cryptoProfileFor(symbol: string, seed: number): SymbolProfile {
  const rng = profileRng(symbol, seed);
  const annualDrift = between(-0.2, 0.4, rng.uniform());
  const isBitcoin = symbol === BITCOIN;
  const beta = isBitcoin ? 1 : between(1.1, 1.5, rng.uniform());
  const idiosyncraticVol = isBitcoin ? 0.006 : between(0.015, 0.03, rng.uniform());
  const anchorPrice = COIN_ANCHOR_PRICES[symbol] ?? logBetween(0.1, 500, rng.uniform());
  // Hundreds of millions of dollars a day, counted in coins.
  const dailyNotional = logBetween(150_000_000, 1_500_000_000, rng.uniform());
  return {
    beta,
    idiosyncraticVol,
    dailyDrift: Math.log1p(annualDrift) / CRYPTO_MARKET.periodsPerYear,
    anchorPrice,
    baseVolume: dailyNotional / anchorPrice,
    priceDecimals: 4,
  };
}
