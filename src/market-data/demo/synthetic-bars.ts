/**
 * Offline, seeded daily bars that look like a real market: a shared factor, per-stock betas,
 * overnight gaps, intraday wicks and volume that swells on big moves. Only for demos and tests;
 * callers label the result as synthetic wherever it is shown.
 */
import type { DailyBar } from '../../core/bars.js';
import { drawSteps, spanFor } from './anchored-walk.js';
import type { StepSpan } from './anchored-walk.js';
import { hashString, mixSeeds } from './prng.js';
import { totalDailyVol } from './symbol-profile.js';
import type { SymbolProfile } from './symbol-profile.js';
import { US_SYNTHETIC_MODEL, type SyntheticMarketModel } from './synthetic-markets.js';

export interface SyntheticBarsOptions {
  symbols: readonly string[];
  /** Trading sessions (`YYYY-MM-DD`) of the model's market; any order, duplicates ignored. */
  sessions: readonly string[];
  /** Any 32-bit integer; the same seed always yields the same prices. Defaults to 0. */
  seed?: number;
  /** The market's way of moving and quoting; defaults to the US stocks the demo always had. */
  model?: SyntheticMarketModel;
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
  const model = options.model ?? US_SYNTHETIC_MODEL;
  const sessions = [...new Set(options.sessions)].sort();
  const symbols = [...new Set(options.symbols)];
  if (sessions.length === 0 || symbols.length === 0) return [];

  const steps = sessions.map((session) => model.stepIndex(session));
  const span = spanFor(steps[0] ?? 0, steps[steps.length - 1] ?? 0);
  const marketShocks = drawSteps(model.factorSeed(seed, MARKET_STREAM), span, 1);

  return symbols.flatMap((symbol) => {
    const path = new SymbolPath(symbol, model.profileFor(symbol, seed), model, seed, span, marketShocks);
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
    private readonly model: SyntheticMarketModel,
    seed: number,
    private readonly span: StepSpan,
    marketShocks: Float64Array,
  ) {
    this.draws = drawSteps(mixSeeds(seed, hashString(symbol), SYMBOL_STREAM), span, DRAWS_PER_STEP);
    this.dailyVol = totalDailyVol(profile, model.factor);
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

    const gap = this.model.overnightGap
      ? GAP_SHARE * dayReturn + GAP_NOISE * this.profile.idiosyncraticVol * this.draw(step, GAP)
      : 0;
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
    const decimals = this.profile.priceDecimals;
    return {
      symbol: this.symbol,
      date,
      open: roundTo(open, decimals),
      high: roundTo(high, decimals),
      low: roundTo(low, decimals),
      close: roundTo(close, decimals),
      volume: roundTo(volume, this.model.volumeDecimals),
    };
  }

  private stepReturn(step: number, marketShocks: Float64Array): number {
    const marketShock = marketShocks[step - this.span.first] ?? 0;
    return (
      this.profile.dailyDrift +
      this.profile.beta * this.model.factor.dailyVol * marketShock +
      this.profile.idiosyncraticVol * this.draw(step, IDIOSYNCRATIC)
    );
  }

  private draw(step: number, which: number): number {
    return this.draws[(step - this.span.first) * DRAWS_PER_STEP + which] ?? 0;
  }
}

/** `value` to `decimals` places, and never below the smallest such amount (a price or volume is never 0). */
function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.max(1 / scale, Math.round(value * scale) / scale);
}

function checkedSeed(seed: number): number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`Seed must be an integer, got ${seed}`);
  return seed >>> 0;
}
