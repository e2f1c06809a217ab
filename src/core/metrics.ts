import { calendarDaysBetween } from './dates.js';
import { sessionDate } from './session-keys.js';
import { mean, NOISE, sampleStdDev } from './statistics.js';

/**
 * Performance and risk figures of one portfolio over a period, from its values at the close of each
 * session (a day, or an hour: `date` is then the session's label). Pure: callers hand in the series
 * (sessions ascending) and the value the first session's return is measured against, and the
 * periods a year of its frequency (see periodsPerYearOf). Figures are exact; rounding them for
 * display is the interfaces' business.
 */

export interface ValuePoint {
  date: string;
  value: number;
}

export interface PeriodMetrics {
  startingValue: number;
  endingValue: number;
  periodReturnPct: number;
  /** ((end / start)^(365 / calendarDays) - 1) * 100; 0 when that is not a finite number. */
  annualizedReturnPct: number;
  /** From the first session's date to the last one's, both included. */
  calendarDays: number;
  tradingDays: number;
}

export interface RiskMetrics {
  /** Annualised standard deviation of daily returns. */
  volatilityPct: number | null;
  sharpe: number | null;
  sortino: number | null;
  maxDrawdownPct: number | null;
  /** The date of the peak the deepest drawdown fell from; null when there was no drawdown. */
  maxDrawdownStart: string | null;
  /** The date of that drawdown's trough. */
  maxDrawdownEnd: string | null;
  /**
   * Annualised return over the max drawdown, both in percent of the period (see calmarRatio); null
   * without a drawdown to divide by.
   */
  calmar: number | null;
  winRatePct: number | null;
  bestDayPct: number | null;
  worstDayPct: number | null;
}

export interface RiskOptions {
  /** Annual risk-free rate in percent, spread evenly over the periods of a year. */
  riskFreeRatePct?: number;
  /** Periods (sessions) in a year, the factor that annualises daily figures: the market's (252, 365). */
  periodsPerYear?: number;
}

/** US equity markets trade about 252 days a year; the usual factor for annualising daily figures. */
export const TRADING_DAYS_PER_YEAR = 252;

/** The year of annualised figures: the market's periods, 252 trading days unless told otherwise. */
export function periodsPerYear(options: RiskOptions): number {
  return options.periodsPerYear ?? TRADING_DAYS_PER_YEAR;
}

/**
 * Rounds half away from zero at `digits` decimals. The tiny relative nudge makes values such as
 * 1.005, stored as 1.00499999…, round the way their decimal spelling says.
 */
export function roundTo(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const factor = 10 ** digits;
  const rounded = Math.round(Math.abs(x) * factor * (1 + Number.EPSILON)) / factor;
  // Avoids -0, which JSON prints as 0 but test equality and Object.is do not treat as 0.
  return rounded === 0 ? 0 : Math.sign(x) * rounded;
}

export function periodMetrics(values: readonly ValuePoint[], startingValue: number): PeriodMetrics {
  const first = values[0];
  const last = values.at(-1);
  const end = last?.value ?? startingValue;
  const calendarDays =
    first !== undefined && last !== undefined
      ? calendarDaysBetween(sessionDate(first.date), sessionDate(last.date)) + 1
      : 0;
  // A non-positive base has no meaningful growth ratio; 0 keeps the output finite and JSON-safe.
  const growth = startingValue > 0 ? end / startingValue : 1;
  const annualized = calendarDays > 0 && growth > 0 ? (growth ** (365 / calendarDays) - 1) * 100 : 0;
  return {
    startingValue,
    endingValue: end,
    periodReturnPct: (growth - 1) * 100,
    annualizedReturnPct: Number.isFinite(annualized) ? annualized : 0,
    calendarDays,
    tradingDays: values.length,
  };
}

/**
 * Risk of a daily value series. The first return is measured against `startingValue`, so one day of
 * data already yields one return. A return whose base value is not positive is undefined and left out.
 */
export function riskMetrics(
  values: readonly ValuePoint[],
  startingValue: number,
  options: RiskOptions = {},
): RiskMetrics {
  const returns = dailyReturns(values, startingValue);
  const year = periodsPerYear(options);
  const dailyRiskFree = dailyRiskFreeRate(options);
  const drawdown = maxDrawdown(values, startingValue);
  const annualise = Math.sqrt(year);

  let volatility: number | null = null;
  let sortino: number | null = null;
  if (returns.length >= 2) {
    const avg = mean(returns);
    const deviation = sampleStdDev(returns, avg);
    volatility = deviation * annualise * 100;
    const excess = avg - dailyRiskFree;
    // Downside deviation against the risk-free target, over all days: days above it count as zero.
    const downside = Math.sqrt(mean(returns.map((r) => Math.min(0, r - dailyRiskFree) ** 2)));
    if (downside > NOISE) sortino = (excess / downside) * annualise;
  }

  const hasReturns = returns.length > 0;
  return {
    volatilityPct: volatility,
    sharpe: sharpeRatio(returns, options),
    sortino,
    maxDrawdownPct: drawdown?.pct ?? null,
    maxDrawdownStart: drawdown?.start ?? null,
    maxDrawdownEnd: drawdown?.end ?? null,
    calmar: calmarRatio(periodMetrics(values, startingValue).annualizedReturnPct, drawdown?.pct ?? null),
    winRatePct: hasReturns ? (returns.filter((r) => r > 0).length / returns.length) * 100 : null,
    bestDayPct: hasReturns ? Math.max(...returns) * 100 : null,
    worstDayPct: hasReturns ? Math.min(...returns) * 100 : null,
  };
}

/**
 * Calmar ratio: annualised return / max drawdown, both in percent. The classic form takes 36 months;
 * here, as every figure of a result, it covers the period asked for, with the period's own
 * annualisation (see PeriodMetrics). Null when nothing fell: dividing by no drawdown says nothing.
 */
export function calmarRatio(annualizedReturnPct: number, maxDrawdownPct: number | null): number | null {
  if (maxDrawdownPct === null || !(maxDrawdownPct > NOISE)) return null;
  return annualizedReturnPct / maxDrawdownPct;
}

/** The risk-free rate of one period (session), from the annual rate in options. */
function dailyRiskFreeRate(options: RiskOptions): number {
  return (options.riskFreeRatePct ?? 0) / 100 / periodsPerYear(options);
}

/**
 * Sharpe ratio of per-session returns: mean excess return over their sample standard deviation,
 * times the square root of the periods in a year. Null below two returns or when they did not vary.
 */
export function sharpeRatio(returns: readonly number[], options: RiskOptions = {}): number | null {
  if (returns.length < 2) return null;
  const avg = mean(returns);
  const deviation = sampleStdDev(returns, avg);
  if (!(deviation > NOISE)) return null;
  return ((avg - dailyRiskFreeRate(options)) / deviation) * Math.sqrt(periodsPerYear(options));
}

/** Each value's return on the one before it, the first on `startingValue`; undefined returns (non-positive base) left out. */
export function dailyReturns(values: readonly ValuePoint[], startingValue: number): number[] {
  const returns: number[] = [];
  let previous = startingValue;
  for (const { value } of values) {
    if (previous > 0) returns.push(value / previous - 1);
    previous = value;
  }
  return returns;
}

/** Where a series fell deepest: positions in the series, -1 standing for the starting value. */
export interface DrawdownSpan {
  pct: number;
  /** The running peak it fell from (-1: the starting value); -1 too when nothing fell. */
  peak: number;
  /** Its trough; -1 when nothing fell. */
  trough: number;
}

/**
 * The deepest fall from a running peak of `values`, as a percentage of that peak, with the starting
 * value as the first peak. Works on bare numbers so resampled paths need no dates.
 */
export function deepestDrawdown(values: readonly number[], startingValue: number): DrawdownSpan {
  let peak = startingValue;
  let peakAt = -1;
  const worst: DrawdownSpan = { pct: 0, peak: -1, trough: -1 };
  values.forEach((value, i) => {
    if (value > peak) {
      peak = value;
      peakAt = i;
    } else if (peak > 0) {
      // Clamped: a negative value (impossible long-only) must not report more than a total loss.
      const pct = (Math.min(peak - value, peak) / peak) * 100;
      if (pct > worst.pct) Object.assign(worst, { pct, peak: peakAt, trough: i });
    }
  });
  return worst;
}

/**
 * The deepest drawdown with its dates. The starting value counts as the first peak; having no date
 * of its own, it is reported under the first date of the series.
 */
function maxDrawdown(
  values: readonly ValuePoint[],
  startingValue: number,
): { pct: number; start: string | null; end: string | null } | null {
  const first = values[0];
  if (first === undefined) return null;
  const span = deepestDrawdown(
    values.map((v) => v.value),
    startingValue,
  );
  if (span.trough < 0) return { pct: 0, start: null, end: null };
  return {
    pct: span.pct,
    start: (values[span.peak] ?? first).date,
    end: (values[span.trough] as ValuePoint).date,
  };
}
