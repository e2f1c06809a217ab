import { addDays, calendarDaysBetween, isIsoDate } from '../core/dates.js';
import { CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR, tradingDaysBetween } from '../core/calendar.js';
import { modelDayKey } from './job-store.js';
import type { PlannedModelDay } from './job-types.js';

/** A trigger the server refuses, with the message the original server gave (HTTP 400). */
export class TriggerError extends Error {
  override readonly name = 'TriggerError';
}

export interface TriggerDates {
  startDate: string | null;
  endDate: string;
  resumeMode: boolean;
}

const FIRST_DATE = `${CALENDAR_FIRST_YEAR}-01-01`;
const LAST_DATE = `${CALENDAR_LAST_YEAR}-12-31`;

function checkDate(field: string, value: string): void {
  if (!isIsoDate(value))
    throw new TriggerError(`Invalid date format for ${field}: ${value}. Expected YYYY-MM-DD`);
  if (value < FIRST_DATE || value > LAST_DATE) {
    throw new TriggerError(
      `${field} (${value}) is outside the supported range ${FIRST_DATE} to ${LAST_DATE}`,
    );
  }
}

/** Validates the trigger's dates; an absent, null or empty start_date means resume mode. */
export function validateTriggerDates(
  raw: { start_date?: string | null; end_date: string },
  today: string,
  maxDays: number,
): TriggerDates {
  const endDate = raw.end_date.trim();
  checkDate('end_date', endDate);
  const startText = raw.start_date?.trim() ?? '';
  const startDate = startText === '' ? null : startText;
  if (startDate !== null) checkDate('start_date', startDate);
  if (startDate !== null && startDate > endDate) {
    throw new TriggerError(`start_date (${startDate}) must be <= end_date (${endDate})`);
  }
  if (endDate > today) throw new TriggerError(`end_date (${endDate}) cannot be in the future`);
  if (startDate !== null) checkRangeSize(startDate, endDate, maxDays);
  return { startDate, endDate, resumeMode: startDate === null };
}

function checkRangeSize(start: string, end: string, maxDays: number): void {
  const days = calendarDaysBetween(start, end) + 1;
  if (days > maxDays) {
    throw new TriggerError(
      `Date range too large: ${days} days (max: ${maxDays}). Please reduce the date range or raise MAX_SIMULATION_DAYS.`,
    );
  }
}

/** Which of the requested signatures run: de-duplicated, in request order; unknown ones are named. */
export function selectModels(
  requested: readonly string[] | undefined | null,
  enabled: readonly string[],
): string[] {
  if (enabled.length === 0) {
    throw new TriggerError(
      'No enabled models found in config. Please enable at least one model in the config file.',
    );
  }
  if (!requested || requested.length === 0) return [...enabled];
  const unique = [...new Set(requested.map((m) => m.trim()))];
  const unknown = unique.filter((m) => !enabled.includes(m));
  if (unknown.length > 0) {
    throw new TriggerError(
      `Unknown or disabled models: ${unknown.join(', ')}. Enabled models: ${enabled.join(', ')}`,
    );
  }
  return unique;
}

export interface PlanInput {
  dates: TriggerDates;
  models: readonly string[];
  maxDays: number;
  replaceExisting: boolean;
  /** Each model's latest live trading day. */
  lastCompleted: ReadonlyMap<string, string | null>;
  /** Live completed model-days as `model|date`. */
  completed: ReadonlySet<string>;
  /** Model-days that another active job has planned, as `model|date`: never planned twice. */
  taken?: ReadonlySet<string>;
}

export interface Plan {
  modelDays: PlannedModelDay[];
  /** Distinct dates of the plan, ascending. */
  dates: string[];
  /** Model-days left out because they already ran (kept only when not replacing). */
  alreadyCompleted: PlannedModelDay[];
  warnings: string[];
}

/** Plans the model-days of a trigger: trading sessions only, per-model start in resume mode. */
export function planModelDays(input: PlanInput): Plan {
  const { dates, models } = input;
  const candidates: PlannedModelDay[] = [];
  for (const model of models) {
    let start = dates.startDate;
    if (start === null) {
      const last = input.lastCompleted.get(model) ?? null;
      // Cold start: a model that never traded begins at end_date alone.
      start = last === null ? dates.endDate : addDays(last, 1);
      if (start > dates.endDate) continue;
      checkRangeSize(start, dates.endDate, input.maxDays);
    }
    for (const date of tradingDaysBetween(start, dates.endDate)) candidates.push({ date, model });
  }

  const taken = input.taken ?? new Set<string>();
  const free = candidates.filter((d) => !taken.has(modelDayKey(d.model, d.date)));
  const takenDays = candidates.filter((d) => taken.has(modelDayKey(d.model, d.date)));

  // A model's portfolio is a chain: a day starts where the previous one ended. Completed days before
  // the model's first day to run are kept; completed days after it are re-run, since their starting
  // positions change (committing a day supersedes the model's later results).
  const alreadyCompleted: PlannedModelDay[] = [];
  const rerun: PlannedModelDay[] = [];
  const modelDays: PlannedModelDay[] = [];
  for (const model of models) {
    const days = free.filter((d) => d.model === model).sort((a, b) => a.date.localeCompare(b.date));
    const isDone = (d: PlannedModelDay): boolean => input.completed.has(modelDayKey(d.model, d.date));
    const firstToRun = input.replaceExisting ? 0 : days.findIndex((d) => !isDone(d));
    if (firstToRun === -1) {
      alreadyCompleted.push(...days);
      continue;
    }
    alreadyCompleted.push(...days.slice(0, firstToRun));
    const run = days.slice(firstToRun);
    if (!input.replaceExisting) rerun.push(...run.filter(isDone));
    modelDays.push(...run);
  }
  modelDays.sort((a, b) => a.date.localeCompare(b.date) || a.model.localeCompare(b.model));

  const warnings: string[] = [];
  if (alreadyCompleted.length > 0) warnings.push(alreadyCompletedWarning(alreadyCompleted));
  if (takenDays.length > 0) {
    warnings.push(
      `Skipped ${takenDays.length} model-days already planned by another active job: ${describeDays(takenDays)}`,
    );
  }
  if (rerun.length > 0) {
    warnings.push(
      `Re-running ${rerun.length} completed model-days that follow an earlier day being added: ${describeDays(rerun)}`,
    );
  }
  for (const model of new Set(modelDays.map((d) => d.model))) {
    const last = input.lastCompleted.get(model) ?? null;
    const lastPlanned = modelDays.filter((d) => d.model === model).at(-1)?.date ?? '';
    if (last !== null && last > lastPlanned) {
      warnings.push(
        `Results of ${model} after ${lastPlanned} will be superseded when this job commits earlier days (their starting positions change)`,
      );
    }
  }

  if (modelDays.length === 0) {
    if (candidates.length === 0) {
      const from = dates.startDate ?? 'the last completed day';
      throw new TriggerError(
        dates.resumeMode && models.every((m) => (input.lastCompleted.get(m) ?? '') >= dates.endDate)
          ? `All requested simulations are already completed. Every model has traded through ${dates.endDate}.`
          : `No trading days between ${from} and ${dates.endDate}: weekends and exchange holidays are not trading days.`,
      );
    }
    throw new TriggerError(
      takenDays.length > 0 && alreadyCompleted.length === 0
        ? 'All requested model-days are already planned by another active job.'
        : 'All requested simulations are already completed. Use replace_existing: true to re-run them.',
    );
  }
  return { modelDays, dates: [...new Set(modelDays.map((d) => d.date))].sort(), alreadyCompleted, warnings };
}

function alreadyCompletedWarning(days: readonly PlannedModelDay[]): string {
  return `Skipped ${days.length} model-days already completed (use replace_existing to re-run): ${describeDays(days)}`;
}

function describeDays(days: readonly PlannedModelDay[]): string {
  const byModel = new Map<string, string[]>();
  for (const d of days) byModel.set(d.model, [...(byModel.get(d.model) ?? []), d.date]);
  return [...byModel].map(([model, ds]) => `${model} (${ds.join(', ')})`).join('; ');
}
