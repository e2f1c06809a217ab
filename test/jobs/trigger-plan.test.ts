import { describe, expect, it } from 'vitest';
import { finalJobStatus } from '../../src/jobs/final-status.js';
import {
  planModelDays,
  selectModels,
  TriggerError,
  validateTriggerDates,
} from '../../src/jobs/trigger-plan.js';

const TODAY = '2025-11-28';

describe('trigger date validation', () => {
  it('treats an absent, null or empty start_date as resume mode', () => {
    for (const start_date of [undefined, null, '', '  ']) {
      expect(validateTriggerDates({ start_date, end_date: '2025-10-03' }, TODAY, 30)).toEqual({
        startDate: null,
        endDate: '2025-10-03',
        resumeMode: true,
      });
    }
  });

  it.each([
    [
      { start_date: '2025-10-05', end_date: '2025-10-01' },
      'start_date (2025-10-05) must be <= end_date (2025-10-01)',
    ],
    [{ start_date: '2025-09-01', end_date: '2025-10-15' }, 'Date range too large: 45 days (max: 30).'],
    [{ start_date: '2025-11-01', end_date: '2025-12-01' }, 'end_date (2025-12-01) cannot be in the future'],
    [{ end_date: '2025-13-01' }, 'Invalid date format for end_date: 2025-13-01. Expected YYYY-MM-DD'],
    [{ start_date: '10/01/2025', end_date: '2025-10-01' }, 'Invalid date format for start_date'],
    [{ start_date: '1999-12-01', end_date: '1999-12-02' }, 'outside the supported range'],
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
  const base = {
    maxDays: 30,
    replaceExisting: false,
    lastCompleted: new Map(),
    completed: new Set<string>(),
  };
  const dates = (start: string | null, end: string) => ({
    startDate: start,
    endDate: end,
    resumeMode: start === null,
  });

  it('plans trading sessions only (the weekend and Columbus Day-open Monday handled by the calendar)', () => {
    const plan = planModelDays({ ...base, dates: dates('2025-10-03', '2025-10-07'), models: ['a'] });
    expect(plan.dates).toEqual(['2025-10-03', '2025-10-06', '2025-10-07']);
  });

  it('skips completed model-days with a warning unless replacing', () => {
    const completed = new Set(['a|2025-10-03']);
    const plan = planModelDays({
      ...base,
      completed,
      dates: dates('2025-10-03', '2025-10-06'),
      models: ['a', 'b'],
    });
    expect(plan.modelDays).toEqual([
      { date: '2025-10-03', model: 'b' },
      { date: '2025-10-06', model: 'a' },
      { date: '2025-10-06', model: 'b' },
    ]);
    expect(plan.warnings[0]).toContain('Skipped 1 model-days already completed');
    expect(plan.warnings[0]).toContain('a (2025-10-03)');
    const replace = planModelDays({
      ...base,
      completed,
      replaceExisting: true,
      dates: dates('2025-10-03', '2025-10-06'),
      models: ['a'],
    });
    expect(replace.modelDays).toHaveLength(2);
  });

  it('answers 400 when everything requested already ran', () => {
    const completed = new Set(['a|2025-10-03']);
    expect(() =>
      planModelDays({ ...base, completed, dates: dates('2025-10-03', '2025-10-03'), models: ['a'] }),
    ).toThrow('All requested simulations are already completed. Use replace_existing: true to re-run them.');
  });

  it('resumes each model from its own last completed day, cold-starting at end_date', () => {
    const lastCompleted = new Map([
      ['a', '2025-10-02'],
      ['b', null],
    ]);
    const plan = planModelDays({
      ...base,
      lastCompleted,
      dates: dates(null, '2025-10-06'),
      models: ['a', 'b'],
    });
    expect(plan.modelDays).toEqual([
      { date: '2025-10-03', model: 'a' },
      { date: '2025-10-06', model: 'a' },
      { date: '2025-10-06', model: 'b' },
    ]);
  });

  it('re-runs completed days that follow an earlier day being added, keeping the chain whole', () => {
    const completed = new Set(['a|2025-10-08']);
    const lastCompleted = new Map([['a', '2025-10-08']]);
    const plan = planModelDays({
      ...base,
      completed,
      lastCompleted,
      dates: dates('2025-10-06', '2025-10-08'),
      models: ['a'],
    });
    expect(plan.modelDays.map((d) => d.date)).toEqual(['2025-10-06', '2025-10-07', '2025-10-08']);
    expect(plan.warnings).toEqual([
      'Re-running 1 completed model-days that follow an earlier day being added: a (2025-10-08)',
    ]);
  });

  it('warns that later results will be superseded', () => {
    const lastCompleted = new Map([['a', '2025-10-10']]);
    const completed = new Set(['a|2025-10-06']);
    const plan = planModelDays({
      ...base,
      replaceExisting: true,
      completed,
      lastCompleted,
      dates: dates('2025-10-06', '2025-10-06'),
      models: ['a'],
    });
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
