import { describe, expect, it } from 'vitest';
import { finalJobStatus } from '../../src/jobs/lifecycle.js';
import {
  planModelDays,
  selectModels,
  TriggerError,
  validateTriggerDates,
} from '../../src/jobs/trigger-plan.js';

const TODAY = '2025-11-28';

describe('trigger date validation', () => {
  const input = (startDate: string | null | undefined, endDate: string) => ({
    startDate: startDate ?? null,
    endDate,
  });

  it('treats an absent, null or blank start date as resume mode', () => {
    for (const start of [undefined, null, '', '  ']) {
      expect(validateTriggerDates(input(start, '2025-10-03'), TODAY, 30)).toEqual({
        startDate: null,
        endDate: '2025-10-03',
        resumeMode: true,
      });
    }
  });

  it.each([
    [input('2025-10-05', '2025-10-01'), 'start_date (2025-10-05) must be <= end_date (2025-10-01)'],
    [
      input('2025-09-01', '2025-10-15'),
      'Date range too large: 45 days (max: 30). Reduce range or increase MAX_SIMULATION_DAYS.',
    ],
    [input('2025-11-01', '2025-12-01'), 'end_date (2025-12-01) cannot be in the future'],
    [input(null, '2025-13-01'), 'Invalid date format: 2025-13-01. Expected YYYY-MM-DD'],
    [input('10/01/2025', '2025-10-01'), 'Invalid date format: 10/01/2025. Expected YYYY-MM-DD'],
    [input('1999-12-01', '1999-12-02'), 'outside the supported range'],
  ])('refuses %j', (request, message) => {
    expect(() => validateTriggerDates(request, TODAY, 30)).toThrow(TriggerError);
    expect(() => validateTriggerDates(request, TODAY, 30)).toThrow(message);
  });
});

describe('model selection', () => {
  it('runs every enabled model by default and de-duplicates requested ones', () => {
    expect(selectModels(undefined, ['a', 'b'])).toEqual(['a', 'b']);
    expect(selectModels(['b', 'a', 'b'], ['a', 'b'])).toEqual(['b', 'a']);
  });
  it('names unknown models', () => {
    expect(() => selectModels(['a', 'x', 'y'], ['a', 'b'])).toThrow(
      'Unknown or disabled models: x, y. Enabled models: a, b',
    );
  });
  it('refuses when no model is enabled', () => {
    expect(() => selectModels(undefined, [])).toThrow(/^No enabled models found in config\./);
  });
});

describe('planning model-days', () => {
  const base = { maxDays: 30, replaceExisting: false, liveDates: new Map<string, string[]>() };
  const dates = (start: string | null, end: string) => ({
    startDate: start,
    endDate: end,
    resumeMode: start === null,
  });
  const live = (entries: Record<string, string[]>) => new Map(Object.entries(entries));

  it('plans trading sessions only (the weekend and Columbus Day-open Monday handled by the calendar)', () => {
    const plan = planModelDays({ ...base, dates: dates('2025-10-03', '2025-10-07'), models: ['a'] });
    expect(plan.dates).toEqual(['2025-10-03', '2025-10-06', '2025-10-07']);
    expect(plan.warnings).toEqual([]);
  });

  it("skips completed model-days with one warning per pair, in the original's words, unless replacing", () => {
    const liveDates = live({ a: ['2025-10-03'] });
    const plan = planModelDays({
      ...base,
      liveDates,
      dates: dates('2025-10-03', '2025-10-06'),
      models: ['a', 'b'],
    });
    expect(plan.modelDays).toEqual([
      { date: '2025-10-03', model: 'b' },
      { date: '2025-10-06', model: 'a' },
      { date: '2025-10-06', model: 'b' },
    ]);
    expect(plan.warnings).toEqual(['Skipped a/2025-10-03 - already completed']);
    const replace = planModelDays({
      ...base,
      liveDates,
      replaceExisting: true,
      dates: dates('2025-10-03', '2025-10-06'),
      models: ['a'],
    });
    expect(replace.modelDays).toHaveLength(2);
    expect(replace.warnings).toEqual([]);
  });

  it("answers with the original's message when everything requested already ran", () => {
    const liveDates = live({ a: ['2025-10-03', '2025-10-06'] });
    expect(() =>
      planModelDays({ ...base, liveDates, dates: dates('2025-10-03', '2025-10-06'), models: ['a'] }),
    ).toThrow(
      "All requested simulations are already completed. Skipped 2 model-day pair(s). Details: ['Skipped a/2025-10-03 - already completed', 'Skipped a/2025-10-06 - already completed']",
    );
  });

  it('resumes each model from its own last completed day, cold-starting at end_date', () => {
    const plan = planModelDays({
      ...base,
      liveDates: live({ a: ['2025-10-02'] }),
      dates: dates(null, '2025-10-06'),
      models: ['a', 'b'],
    });
    expect(plan.modelDays).toEqual([
      { date: '2025-10-03', model: 'a' },
      { date: '2025-10-06', model: 'a' },
      { date: '2025-10-06', model: 'b' },
    ]);
  });

  it("refuses a day before a model's completed days, naming them and suggesting replace_existing", () => {
    const liveDates = live({ a: ['2025-10-08', '2025-10-09', '2025-10-10'] });
    const attempt = () =>
      planModelDays({ ...base, liveDates, dates: dates('2025-10-06', '2025-10-07'), models: ['a', 'b'] });
    expect(attempt).toThrow(TriggerError);
    expect(attempt).toThrow(
      'a from 2025-10-06 would change its completed days 2025-10-08, 2025-10-09, 2025-10-10',
    );
    expect(attempt).toThrow('Pass replace_existing: true');
  });

  it('refuses filling a gap inside a completed stretch too: the days after the gap would change', () => {
    const liveDates = live({ a: ['2025-10-06', '2025-10-08'] });
    expect(() =>
      planModelDays({ ...base, liveDates, dates: dates('2025-10-06', '2025-10-08'), models: ['a'] }),
    ).toThrow('a from 2025-10-07 would change its completed days 2025-10-08');
  });

  it('names at most five dates per model and counts the rest', () => {
    const liveDates = live({
      a: ['2025-10-08', '2025-10-09', '2025-10-10', '2025-10-13', '2025-10-14', '2025-10-15', '2025-10-16'],
    });
    expect(() =>
      planModelDays({ ...base, liveDates, dates: dates('2025-10-06', '2025-10-06'), models: ['a'] }),
    ).toThrow(
      'a from 2025-10-06 would change its completed days 2025-10-08, 2025-10-09, 2025-10-10, 2025-10-13, 2025-10-14 and 2 more',
    );
  });

  it('plans days after the last completed one without refusing', () => {
    const liveDates = live({ a: ['2025-10-03'] });
    const plan = planModelDays({
      ...base,
      liveDates,
      dates: dates('2025-10-03', '2025-10-07'),
      models: ['a'],
    });
    expect(plan.modelDays.map((d) => d.date)).toEqual(['2025-10-06', '2025-10-07']);
  });

  it('with replace_existing re-runs the range and warns that later results will be superseded', () => {
    const plan = planModelDays({
      ...base,
      replaceExisting: true,
      liveDates: live({ a: ['2025-10-06', '2025-10-10'] }),
      dates: dates('2025-10-06', '2025-10-06'),
      models: ['a'],
    });
    expect(plan.modelDays).toEqual([{ date: '2025-10-06', model: 'a' }]);
    expect(plan.warnings).toEqual([
      'Results of a after 2025-10-06 will be superseded when this job commits earlier days (their starting positions change)',
    ]);
  });

  it('never plans a model-day that another active job will run', () => {
    const taken = new Set(['a|2025-10-06']);
    const plan = planModelDays({
      ...base,
      taken,
      dates: dates('2025-10-06', '2025-10-07'),
      models: ['a', 'b'],
    });
    expect(plan.modelDays).toEqual([
      { date: '2025-10-06', model: 'b' },
      { date: '2025-10-07', model: 'a' },
      { date: '2025-10-07', model: 'b' },
    ]);
    expect(plan.warnings).toEqual([
      'Skipped 1 model-days already planned by another active job: a (2025-10-06)',
    ]);
    expect(() =>
      planModelDays({ ...base, taken, dates: dates('2025-10-06', '2025-10-06'), models: ['a'] }),
    ).toThrow('All requested model-days are already planned by another active job.');
  });

  it('says so when a weekend-only range has no trading day', () => {
    expect(() => planModelDays({ ...base, dates: dates('2025-10-04', '2025-10-05'), models: ['a'] })).toThrow(
      /No trading days/,
    );
  });

  it('says every model is done in resume mode when all traded through end_date', () => {
    expect(() =>
      planModelDays({
        ...base,
        liveDates: live({ a: ['2025-10-06'] }),
        dates: dates(null, '2025-10-06'),
        models: ['a'],
      }),
    ).toThrow('All requested simulations are already completed. Every model has traded through 2025-10-06.');
  });
});

describe('final job status', () => {
  it('is completed without failures, partial with some, failed with none completed', () => {
    expect(finalJobStatus([{ status: 'completed' }, { status: 'skipped' }])).toBe('completed');
    expect(finalJobStatus([{ status: 'completed' }, { status: 'failed' }])).toBe('partial');
    expect(finalJobStatus([{ status: 'failed' }, { status: 'skipped' }])).toBe('failed');
    expect(finalJobStatus([{ status: 'skipped' }])).toBe('failed');
  });
  it('ends a cancelled job partial or failed, never completed', () => {
    expect(finalJobStatus([{ status: 'completed' }, { status: 'skipped' }], { cancelled: true })).toBe(
      'partial',
    );
    expect(finalJobStatus([{ status: 'skipped' }], { cancelled: true })).toBe('failed');
  });
});
