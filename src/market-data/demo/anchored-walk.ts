/**
 * Random draws indexed by weekday relative to a fixed anchor session, so the numbers behind any
 * given date never depend on which range was requested: a stream always starts at the anchor and
 * runs outwards (one stream forwards in time, one backwards), consuming the same draws per step.
 */
import { calendarDaysBetween, dayOfWeek, isIsoDate } from '../../core/dates.js';
import { createRng, mixSeeds } from './prng.js';

/** Prices are pinned at this session; a Thursday, which `stepIndex` relies on. */
export const ANCHOR_DATE = '2025-01-02';

/** The Monday of the anchor's week. */
const ANCHOR_WEEK_MONDAY = '2024-12-30';
const ANCHOR_WEEKDAY_OFFSET = 3;
const WEEKDAYS_PER_WEEK = 5;

const FORWARD_STREAM = 1;
const BACKWARD_STREAM = 2;

/**
 * Signed count of weekdays from the anchor to `date` (0 on the anchor). Every weekday gets a
 * step, holidays included, so a session after a holiday simply carries two days of movement.
 */
export function stepIndex(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const weekday = dayOfWeek(date);
  if (weekday === 0 || weekday === 6) throw new RangeError(`${date} is a weekend day, not a trading session`);
  const days = calendarDaysBetween(ANCHOR_WEEK_MONDAY, date);
  const weeks = Math.floor(days / 7);
  const weekdayFromMonday = days - weeks * 7;
  return weeks * WEEKDAYS_PER_WEEK + weekdayFromMonday - ANCHOR_WEEKDAY_OFFSET;
}

/**
 * Signed count of calendar days from the anchor to `date`: the steps of a market that trades every
 * day (crypto), where a weekend moves prices like any other day.
 */
export function dayStepIndex(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return calendarDaysBetween(ANCHOR_DATE, date);
}

/**
 * The closes a request needs, as step indices `first..last` (always containing 0, the anchor).
 * The step into index j is the move from close j-1 to close j, so steps `first+1..last` are drawn.
 */
export interface StepSpan {
  first: number;
  last: number;
}

/** The span of closes needed to build bars for sessions with step indices `lowest..highest`. */
export function spanFor(lowest: number, highest: number): StepSpan {
  // A bar's open needs the close before it, hence `lowest - 1`.
  return { first: Math.min(lowest - 1, 0), last: Math.max(highest, 0) };
}

/**
 * `drawsPerStep` standard normals for every step of the span, from the stream named by
 * `streamSeed`. Step j's draws sit at `(j - span.first) * drawsPerStep + k`.
 */
export function drawSteps(streamSeed: number, span: StepSpan, drawsPerStep: number): Float64Array {
  const draws = new Float64Array((span.last - span.first + 1) * drawsPerStep);
  const forward = createRng(mixSeeds(streamSeed, FORWARD_STREAM));
  for (let step = 1; step <= span.last; step++) {
    const base = (step - span.first) * drawsPerStep;
    for (let k = 0; k < drawsPerStep; k++) draws[base + k] = forward.normal();
  }
  const backward = createRng(mixSeeds(streamSeed, BACKWARD_STREAM));
  for (let step = 0; step > span.first; step--) {
    const base = (step - span.first) * drawsPerStep;
    for (let k = 0; k < drawsPerStep; k++) draws[base + k] = backward.normal();
  }
  return draws;
}
