/**
 * How the synthetic data of each market is made: which days step the random walk, the common
 * factor, each symbol's profile, and how prices and volumes are quoted. The US model is the one the
 * demo always had, unchanged, so its prices (and every recorded demo result) stay the same.
 */
import type { Market, MarketId } from '../../core/markets/index.js';
import { dayStepIndex, stepIndex } from './anchored-walk.js';
import { CN_FACTOR, cnProfileFor, CRYPTO_FACTOR, cryptoProfileFor } from './market-profiles.js';
import { hashString, mixSeeds } from './prng.js';
import { MARKET_FACTOR, profileFor, type MarketFactor, type SymbolProfile } from './symbol-profile.js';

export interface SyntheticMarketModel {
  /** Signed steps from the anchor session to `date`; each step draws one move. */
  stepIndex(date: string): number;
  factor: MarketFactor;
  /** The seed of the factor's shocks, so each market's factor moves on its own. */
  factorSeed(seed: number, stream: number): number;
  profileFor(symbol: string, seed: number): SymbolProfile;
  /**
   * Stock markets close overnight, so opens gap from the previous close; a market that trades
   * around the clock opens each UTC day at the close of the one before.
   */
  overnightGap: boolean;
  /** Decimals a volume keeps: whole shares, or coins to 4 decimals. */
  volumeDecimals: number;
}

const US_MODEL: SyntheticMarketModel = Object.freeze({
  stepIndex,
  factor: MARKET_FACTOR,
  factorSeed: (seed: number, stream: number) => mixSeeds(seed, stream),
  profileFor,
  overnightGap: true,
  volumeDecimals: 0,
});

/** Another market's factor stream: the US one, moved by the market's name. */
const marketFactorSeed =
  (id: MarketId) =>
  (seed: number, stream: number): number =>
    mixSeeds(seed, stream, hashString(id));

const MODELS: Readonly<Record<MarketId, SyntheticMarketModel>> = Object.freeze({
  us: US_MODEL,
  // SSE sessions are weekdays: a weekday step each, a holiday's moves carried into the next session.
  cn: Object.freeze({
    stepIndex,
    factor: CN_FACTOR,
    factorSeed: marketFactorSeed('cn'),
    profileFor: cnProfileFor,
    overnightGap: true,
    volumeDecimals: 0,
  }),
  crypto: Object.freeze({
    stepIndex: dayStepIndex,
    factor: CRYPTO_FACTOR,
    factorSeed: marketFactorSeed('crypto'),
    profileFor: cryptoProfileFor,
    overnightGap: false,
    volumeDecimals: 4,
  }),
});

export function syntheticModelFor(market: Market): SyntheticMarketModel {
  return MODELS[market.id];
}

export const US_SYNTHETIC_MODEL = US_MODEL;
