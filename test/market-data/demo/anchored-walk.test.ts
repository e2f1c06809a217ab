import { describe, expect, it } from 'vitest';
import { dayOfWeek, eachDate } from '../../../src/core/dates.js';
import { ANCHOR_DATE, drawSteps, spanFor, stepIndex } from '../../../src/market-data/demo/anchored-walk.js';
import type { StepSpan } from '../../../src/market-data/demo/anchored-walk.js';

describe('stepIndex', () => {
  it('counts weekdays from the anchor in both directions', () => {
    expect(stepIndex(ANCHOR_DATE)).toBe(0);
    expect(stepIndex('2025-01-03')).toBe(1);
    expect(stepIndex('2025-01-06')).toBe(2); // the Monday after the anchor
    expect(stepIndex('2025-01-01')).toBe(-1); // a holiday still gets a step
    expect(stepIndex('2024-12-30')).toBe(-3);
    expect(stepIndex('2024-12-27')).toBe(-4);
  });

  it('advances by exactly one from each weekday to the next, 2000 to 2035', () => {
    const weekdays = eachDate('2000-01-03', '2035-12-31').filter((date) => dayOfWeek(date) % 6 !== 0);
    const indices = weekdays.map(stepIndex);
    const jumps = indices.slice(1).filter((index, i) => index - indices[i]! !== 1);
    expect(jumps).toEqual([]);
    expect(indices[0]).toBeLessThan(0);
  });

  it('rejects weekends and malformed dates', () => {
    expect(() => stepIndex('2025-01-04')).toThrow(/weekend/);
    expect(() => stepIndex('2025-02-30')).toThrow(RangeError);
    expect(() => stepIndex('20250102')).toThrow(RangeError);
  });
});

describe('drawSteps', () => {
  function stepDraws(draws: Float64Array, span: StepSpan, step: number, perStep: number): number[] {
    const base = (step - span.first) * perStep;
    return Array.from(draws.subarray(base, base + perStep));
  }

  it('gives each step the same draws whatever span is requested', () => {
    const wide: StepSpan = { first: -40, last: 40 };
    const narrow: StepSpan = { first: -5, last: 7 };
    const wideDraws = drawSteps(11, wide, 3);
    const narrowDraws = drawSteps(11, narrow, 3);
    for (let step = narrow.first + 1; step <= narrow.last; step++) {
      expect(stepDraws(narrowDraws, narrow, step, 3)).toEqual(stepDraws(wideDraws, wide, step, 3));
    }
  });

  it('always includes the anchor and the close before the first session', () => {
    expect(spanFor(5, 9)).toEqual({ first: 0, last: 9 });
    expect(spanFor(-9, -5)).toEqual({ first: -10, last: 0 });
    expect(spanFor(-2, 3)).toEqual({ first: -3, last: 3 });
  });
});
