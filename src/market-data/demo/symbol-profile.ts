/**
 * The fixed character of each synthetic stock (beta, volatility, drift, price level, liquidity),
 * derived from the seed and the symbol alone so a symbol looks the same in every request.
 */
import { BENCHMARK_SYMBOL } from '../../core/universe.js';
import { createRng, hashString, mixSeeds } from './prng.js';

export const TRADING_DAYS_PER_YEAR = 252;

/** The common factor every stock loads on: roughly a broad tech index. */
export const MARKET_FACTOR = Object.freeze({
  dailyDrift: 0.0004,
  dailyVol: 0.011,
});

export interface SymbolProfile {
  /** Sensitivity of the daily log return to the market factor's shock. */
  beta: number;
  /** Standard deviation of the stock-specific daily log return. */
  idiosyncraticVol: number;
  /** Expected daily log return. */
  dailyDrift: number;
  /** Close on the anchor session. */
  anchorPrice: number;
  /** Typical shares traded on a quiet day. */
  baseVolume: number;
}

const PROFILE_STREAM = 0x70726f66;

// The benchmark is the market factor itself, with just enough noise not to be a perfect copy.
const BENCHMARK_PROFILE: SymbolProfile = Object.freeze({
  beta: 1,
  idiosyncraticVol: 0.001,
  dailyDrift: MARKET_FACTOR.dailyDrift,
  anchorPrice: 350,
  baseVolume: 40_000_000,
});

export function profileFor(symbol: string, seed: number): SymbolProfile {
  if (symbol === BENCHMARK_SYMBOL) return BENCHMARK_PROFILE;
  const rng = createRng(mixSeeds(seed, hashString(symbol), PROFILE_STREAM));
  const annualDrift = between(-0.1, 0.25, rng.uniform());
  return {
    beta: between(0.6, 1.6, rng.uniform()),
    idiosyncraticVol: between(0.01, 0.025, rng.uniform()),
    dailyDrift: Math.log1p(annualDrift) / TRADING_DAYS_PER_YEAR,
    // Log-uniform, so cheap and expensive stocks are equally common, like a real index.
    anchorPrice: logBetween(20, 600, rng.uniform()),
    baseVolume: logBetween(1_500_000, 40_000_000, rng.uniform()),
  };
}

/** Standard deviation of the stock's whole daily log return. */
export function totalDailyVol(profile: SymbolProfile): number {
  return Math.hypot(profile.beta * MARKET_FACTOR.dailyVol, profile.idiosyncraticVol);
}

function between(low: number, high: number, unit: number): number {
  return low + (high - low) * unit;
}

function logBetween(low: number, high: number, unit: number): number {
  return low * Math.pow(high / low, unit);
}
