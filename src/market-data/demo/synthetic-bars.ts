/**
 * Offline, seeded daily bars that look like a real market: a shared factor, per-stock betas,
 * overnight gaps, intraday wicks and volume that swells on big moves. Only for demos and tests;
 * callers label the result as synthetic wherever it is shown.
 */
import type { DailyBar } from '../../core/bars.js';
import { drawSteps, spanFor, stepIndex } from './anchored-walk.js';
import type { StepSpan } from './anchored-walk.js';
import { hashString, mixSeeds } from './prng.js';
import { MARKET_FACTOR, profileFor, totalDailyVol } from './symbol-profile.js';
import type { SymbolProfile } from './symbol-profile.js';

export interface SyntheticBarsOptions {
  symbols: readonly string[];
  /** Trading sessions (`YYYY-MM-DD`, weekdays); any order, duplicates ignored. */
  sessions: readonly string[];
  /** Any 32-bit integer; the same seed always yields the same prices. Defaults to 0. */
  seed?: number;
}

/** Share of a day's move that already happens overnight, so opens gap in the day's direction. */
const GAP_SHARE = 0.3;
/** Overnight noise independent of the day's move, relative to the stock-specific volatility. */
const GAP_NOISE = 0.3;
/** How far highs and lows reach beyond the open/close body, in daily volatilities. */
const WICK_SIZE = 0.5;
const VOLUME_NOISE = 0.25;
/** Extra volume per daily volatility of surprise in the day's move. */
const VOLUME_PER_SURPRISE = 0.7;
const PRICE_DECIMALS = 10_000;
const MIN_PRICE = 1 / PRICE_DECIMALS;

const MARKET_STREAM = 0x6d6b74;
const SYMBOL_STREAM = 0x73796d;

// Per-step normals of one stock, in draw order; fixed, because reordering would change every price.
const IDIOSYNCRATIC = 0;
const GAP = 1;
const HIGH_WICK = 2;
const LOW_WICK = 3;
const VOLUME = 4;
const DRAWS_PER_STEP = 5;

/**
 * Bars for every symbol on every session, ordered by symbol (as given) then date. A symbol's bar
 * on a date depends only on the seed, the symbol and the date: never on the other symbols or the
 * range requested.
 */
export function generateSyntheticBars(options: SyntheticBarsOptions): DailyBar[] {
  const seed = checkedSeed(options.seed ?? 0);
  const sessions = [...new Set(options.sessions)].sort();
  const symbols = [...new Set(options.symbols)];
  if (sessions.length === 0 || symbols.length === 0) return [];

  const steps = sessions.map(stepIndex);
  const span = spanFor(steps[0] ?? 0, steps[steps.length - 1] ?? 0);
  const marketShocks = drawSteps(mixSeeds(seed, MARKET_STREAM), span, 1);

  return symbols.flatMap((symbol) => {
    const path = new SymbolPath(symbol, profileFor(symbol, seed), seed, span, marketShocks);
    return sessions.map((session, i) => path.bar(session, steps[i] ?? 0));
  });
}

/** One stock's log-price path over the span, and the bars read off it. */
class SymbolPath {
  private readonly draws: Float64Array;
  private readonly logCloses: Float64Array;
  private readonly dailyVol: number;

  constructor(
    private readonly symbol: string,
    private readonly profile: SymbolProfile,
    seed: number,
    private readonly span: StepSpan,
    marketShocks: Float64Array,
  ) {
    this.draws = drawSteps(mixSeeds(seed, hashString(symbol), SYMBOL_STREAM), span, DRAWS_PER_STEP);
    this.dailyVol = totalDailyVol(profile);
    this.logCloses = new Float64Array(span.last - span.first + 1);
    const anchor = -span.first;
    this.logCloses[anchor] = Math.log(profile.anchorPrice);
    for (let step = 1; step <= span.last; step++) {
      const at = step - span.first;
      this.logCloses[at] = (this.logCloses[at - 1] ?? 0) + this.stepReturn(step, marketShocks);
    }
    for (let step = 0; step > span.first; step--) {
      const at = step - span.first;
      this.logCloses[at - 1] = (this.logCloses[at] ?? 0) - this.stepReturn(step, marketShocks);
    }
  }

  bar(date: string, step: number): DailyBar {
    const at = step - this.span.first;
    const previousLogClose = this.logCloses[at - 1] ?? 0;
    const logClose = this.logCloses[at] ?? 0;
    const dayReturn = logClose - previousLogClose;

    const gap = GAP_SHARE * dayReturn + GAP_NOISE * this.profile.idiosyncraticVol * this.draw(step, GAP);
    const open = Math.exp(previousLogClose + gap);
    const close = Math.exp(logClose);
    const wick = WICK_SIZE * this.dailyVol;
    const high = Math.max(open, close) * Math.exp(wick * Math.abs(this.draw(step, HIGH_WICK)));
    const low = Math.min(open, close) * Math.exp(-wick * Math.abs(this.draw(step, LOW_WICK)));

    const surprise = Math.abs(dayReturn - this.profile.dailyDrift) / this.dailyVol;
    const volume =
      this.profile.baseVolume *
      Math.exp(VOLUME_NOISE * this.draw(step, VOLUME)) *
      (1 + VOLUME_PER_SURPRISE * surprise);

    // Rounding is monotone, so high >= max(open, close) and low <= min(open, close) survive it.
    return {
      symbol: this.symbol,
      date,
      open: roundPrice(open),
      high: roundPrice(high),
      low: roundPrice(low),
      close: roundPrice(close),
      volume: Math.max(1, Math.round(volume)),
    };
  }

  private stepReturn(step: number, marketShocks: Float64Array): number {
    const marketShock = marketShocks[step - this.span.first] ?? 0;
    return (
      this.profile.dailyDrift +
      this.profile.beta * MARKET_FACTOR.dailyVol * marketShock +
      this.profile.idiosyncraticVol * this.draw(step, IDIOSYNCRATIC)
    );
  }

  private draw(step: number, which: number): number {
    return this.draws[(step - this.span.first) * DRAWS_PER_STEP + which] ?? 0;
  }
}

function roundPrice(price: number): number {
  return Math.max(MIN_PRICE, Math.round(price * PRICE_DECIMALS) / PRICE_DECIMALS);
}

function checkedSeed(seed: number): number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`Seed must be an integer, got ${seed}`);
  return seed >>> 0;
}
