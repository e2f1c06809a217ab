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

/** A number drawn uniformly from `[low, high]`, or one fixed for the symbol. */
type Draw = readonly [low: number, high: number] | number;

interface ProfileRecipe {
  annualDrift: Draw;
  beta: Draw;
  idiosyncraticVol: Draw;
  /** Drawn log-uniformly: cheap and dear symbols equally common, as in a real market. */
  anchorPrice: Draw;
  /** Value traded on a quiet day, in the quote currency (log-uniform); the volume is that in units. */
  dailyTurnover: Draw;
  periodsPerYear: number;
  priceDecimals: number;
}

/** A profile drawn from the symbol's own stream; a fixed number takes no draw. */
function drawProfile(symbol: string, seed: number, recipe: ProfileRecipe): SymbolProfile {
  const rng = profileRng(symbol, seed);
  const linear = (draw: Draw): number => (typeof draw === 'number' ? draw : between(...draw, rng.uniform()));
  const logarithmic = (draw: Draw): number =>
    typeof draw === 'number' ? draw : logBetween(...draw, rng.uniform());
  const annualDrift = linear(recipe.annualDrift);
  const beta = linear(recipe.beta);
  const idiosyncraticVol = linear(recipe.idiosyncraticVol);
  const anchorPrice = logarithmic(recipe.anchorPrice);
  return {
    beta,
    idiosyncraticVol,
    dailyDrift: Math.log1p(annualDrift) / recipe.periodsPerYear,
    anchorPrice,
    baseVolume: logarithmic(recipe.dailyTurnover) / anchorPrice,
    priceDecimals: recipe.priceDecimals,
  };
}

/** A Shanghai share: tens of CNY (Moutai about 1,500), quoted to the 0.01 CNY tick. */
export function cnProfileFor(symbol: string, seed: number): SymbolProfile {
  if (symbol === SSE_50_INDEX) return SSE_50_INDEX_PROFILE;
  return drawProfile(symbol, seed, {
    annualDrift: [-0.1, 0.15],
    beta: [0.5, 1.3],
    idiosyncraticVol: [0.008, 0.02],
    anchorPrice: CN_ANCHOR_PRICES[symbol] ?? [4, 150],
    // Hundreds of millions to a few billion CNY a day.
    dailyTurnover: [300_000_000, 5_000_000_000],
    periodsPerYear: CN_MARKET.periodsPerYear,
    priceDecimals: 2,
  });
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
  const isBitcoin = symbol === BITCOIN;
  return drawProfile(symbol, seed, {
    annualDrift: [-0.2, 0.4],
    beta: isBitcoin ? 1 : [1.1, 1.5],
    idiosyncraticVol: isBitcoin ? 0.006 : [0.015, 0.03],
    anchorPrice: COIN_ANCHOR_PRICES[symbol] ?? [0.1, 500],
    // Hundreds of millions of dollars a day.
    dailyTurnover: [150_000_000, 1_500_000_000],
    periodsPerYear: CRYPTO_MARKET.periodsPerYear,
    priceDecimals: 4,
  });
}
