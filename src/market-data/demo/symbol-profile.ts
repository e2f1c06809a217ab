/**
 * The fixed character of each synthetic stock (beta, volatility, drift, price level, liquidity),
 * derived from the seed and the symbol alone so a symbol looks the same in every request. This file
 * holds the NASDAQ-100 profiles and what every market's profiles share.
 */
import { BENCHMARK_SYMBOL } from '../../core/universe.js';
import { createRng, hashString, mixSeeds, type Rng } from './prng.js';

export const TRADING_DAYS_PER_YEAR = 252;

/** The common factor a market's symbols load on: its daily drift and volatility. */
export interface MarketFactor {
  dailyDrift: number;
  dailyVol: number;
}

/** The common factor every US stock loads on: roughly a broad tech index. */
export const MARKET_FACTOR: MarketFactor = Object.freeze({
  dailyDrift: 0.0004,
  dailyVol: 0.011,
});

export interface SymbolProfile {
  /** Sensitivity of the daily log return to the market factor's shock. */
  beta: number;
  /** Standard deviation of the symbol-specific daily log return. */
  idiosyncraticVol: number;
  /** Expected daily log return. */
  dailyDrift: number;
  /** Close on the anchor session. */
  anchorPrice: number;
  /** Typical units traded on a quiet day (shares, or coins). */
  baseVolume: number;
  /** Decimals prices are quoted with: the exchange's tick (0.01 CNY for A-shares), at most 4. */
  priceDecimals: number;
}

const PROFILE_STREAM = 0x70726f66;

// The benchmark is the market factor itself, with just enough noise not to be a perfect copy.
const BENCHMARK_PROFILE: SymbolProfile = Object.freeze({
  beta: 1,
  idiosyncraticVol: 0.001,
  dailyDrift: MARKET_FACTOR.dailyDrift,
  anchorPrice: 350,
  baseVolume: 40_000_000,
  priceDecimals: 4,
});

/** The profile of a NASDAQ-100 stock (or QQQ). */
export function profileFor(symbol: string, seed: number): SymbolProfile {
  if (symbol === BENCHMARK_SYMBOL) return BENCHMARK_PROFILE;
  const rng = profileRng(symbol, seed);
  const annualDrift = between(-0.1, 0.25, rng.uniform());
  return {
    beta: between(0.6, 1.6, rng.uniform()),
    idiosyncraticVol: between(0.01, 0.025, rng.uniform()),
    dailyDrift: Math.log1p(annualDrift) / TRADING_DAYS_PER_YEAR,
    // Log-uniform, so cheap and expensive stocks are equally common, like a real index.
    anchorPrice: logBetween(20, 600, rng.uniform()),
    baseVolume: logBetween(1_500_000, 40_000_000, rng.uniform()),
    priceDecimals: 4,
  };
}

/** The draws a symbol's profile is made of: the same for a seed and symbol, whichever market. */
export function profileRng(symbol: string, seed: number): Rng {
  return createRng(mixSeeds(seed, hashString(symbol), PROFILE_STREAM));
}

/** Standard deviation of the symbol's whole daily log return. */
export function totalDailyVol(profile: SymbolProfile, factor: MarketFactor = MARKET_FACTOR): number {
  return Math.hypot(profile.beta * factor.dailyVol, profile.idiosyncraticVol);
}

export function between(low: number, high: number, unit: number): number {
  return low + (high - low) * unit;
}

export function logBetween(low: number, high: number, unit: number): number {
  return low * Math.pow(high / low, unit);
}
