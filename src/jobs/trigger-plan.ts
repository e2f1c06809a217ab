import { addDays, calendarDaysBetween, isIsoDate } from '../core/dates.js';
import { RefusedError } from '../core/errors.js';
import type { MarketId } from '../core/markets/market.js';
import type { TradingCalendar } from '../core/trading-calendar.js';
import { NYSE_CALENDAR } from '../core/calendar.js';
import { modelDayKey, type PlannedModelDay } from './job-types.js';

/** A trigger the server refuses, with the message the original server gave (HTTP 400). */
export class TriggerError extends RefusedError {
  override readonly name = 'TriggerError';
}

/** What a caller asks to simulate; dates are `YYYY-MM-DD`, a null start means resume mode. */
export interface TriggerInput {
  startDate: string | null;
  endDate: string;
  /** Null or empty: every enabled model. */
  models: readonly string[] | null;
  replaceExisting: boolean;
  /** The market to trade; null: the config's. */
  market?: MarketId | null;
  /** Independent portfolios per model over the same sessions (core/runs.ts); absent: 1. */
  repeats?: number;
}

export interface TriggerDates {
  startDate: string | null;
  endDate: string;
  resumeMode: boolean;
}

/** Dates named per model in a refusal; the rest are counted, so a message stays readable. */
const DATES_SHOWN = 5;

function checkDate(field: string, value: string, calendar: TradingCalendar): void {
  if (!isIsoDate(value)) throw new TriggerError(`Invalid date format: ${value}. Expected YYYY-MM-DD`);
  if (!calendar.covers(value)) {
    throw new TriggerError(
      `${field} (${value}) is outside the supported range ${calendar.firstDate} to ${calendar.lastDate}`,
    );
  }
}

/** Validates the trigger's dates against the market's calendar; a blank start date means resume mode. */
export function validateTriggerDates(
  input: Pick<TriggerInput, 'startDate' | 'endDate'>,
  today: string,
  maxDays: number,
  calendar: TradingCalendar = NYSE_CALENDAR,
): TriggerDates {
  const endDate = input.endDate.trim();
  checkDate('end_date', endDate, calendar);
  const startText = input.startDate?.trim() ?? '';
  const startDate = startText === '' ? null : startText;
  if (startDate !== null) checkDate('start_date', startDate, calendar);
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
      `Date range too large: ${days} days (max: ${maxDays}). Reduce range or increase MAX_SIMULATION_DAYS.`,
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
  /** The market's sessions: only they become model-days (the NYSE's when absent). */
  calendar?: TradingCalendar;
  models: readonly string[];
  maxDays: number;
  replaceExisting: boolean;
  /**
   * Each model's live (unsuperseded) trading dates, ascending: in resume mode at least its latest
   * one, otherwise every one from the start date on (later ones too, past the end date).
   */
  liveDates: ReadonlyMap<string, readonly string[]>;
  /** Model-days that another active job has planned, as `model|date`: never planned twice. */
  taken?: ReadonlySet<string>;
}

export interface Plan {
  modelDays: PlannedModelDay[];
  /** Distinct dates of the plan, ascending. */
  dates: string[];
  warnings: string[];
}

/**
 * Plans the model-days of a trigger: trading sessions only, each model from its own last day in
 * resume mode. A model's portfolio is a chain, each day starting where the previous one ended, so a
 * day planned before one of the model's completed days would change that day's starting position:
 * without `replace_existing` such a trigger is refused rather than silently superseding results.
 */
export function planModelDays(input: PlanInput): Plan {
  const { dates, models } = input;
  const taken = input.taken ?? new Set<string>();
  const modelDays: PlannedModelDay[] = [];
  const skipped: PlannedModelDay[] = [];
  const takenDays: PlannedModelDay[] = [];
  const conflicts: { model: string; from: string; later: readonly string[] }[] = [];
  const supersededAfter: { model: string; last: string }[] = [];
  let candidates = 0;

  for (const model of models) {
    const live = input.liveDates.get(model) ?? [];
    const sessions = (input.calendar ?? NYSE_CALENDAR).sessionsBetween(
      firstDate(dates, live, input.maxDays),
      dates.endDate,
    );
    candidates += sessions.length;
    const liveSet = new Set(live);
    const toRun: string[] = [];
    for (const date of sessions) {
      if (taken.has(modelDayKey({ model, date }))) takenDays.push({ model, date });
      else if (!input.replaceExisting && liveSet.has(date)) skipped.push({ model, date });
      else toRun.push(date);
    }
    const first = toRun[0];
    if (first === undefined) continue;
    const later = live.filter((d) => d > first);
    if (!input.replaceExisting && later.length > 0) conflicts.push({ model, from: first, later });
    const last = toRun[toRun.length - 1] as string;
    if (input.replaceExisting && live.some((d) => d > last)) supersededAfter.push({ model, last });
    modelDays.push(...toRun.map((date) => ({ model, date })));
  }

  if (conflicts.length > 0) throw new TriggerError(conflictMessage(conflicts));
  modelDays.sort((a, b) => a.date.localeCompare(b.date) || a.model.localeCompare(b.model));

  // One warning per skipped pair, worded as the original server worded them.
  const warnings = skipped.map(skippedPairWarning);
  if (takenDays.length > 0) {
    warnings.push(
      `Skipped ${takenDays.length} model-days already planned by another active job: ${describeDays(takenDays)}`,
    );
  }
  for (const { model, last } of supersededAfter) {
    warnings.push(
      `Results of ${model} after ${last} will be superseded when this job commits earlier days (their starting positions change)`,
    );
  }

  if (modelDays.length === 0)
    throw new TriggerError(nothingToRunMessage(input, candidates, skipped, takenDays));
  return { modelDays, dates: [...new Set(modelDays.map((d) => d.date))].sort(), warnings };
}

/** The model's first candidate date: the start date, or in resume mode the day after its last one. */
function firstDate(dates: TriggerDates, live: readonly string[], maxDays: number): string {
  if (dates.startDate !== null) return dates.startDate;
  const last = live[live.length - 1];
  // Cold start: a model that never traded begins at end_date alone.
  const start = last === undefined ? dates.endDate : addDays(last, 1);
  if (start <= dates.endDate) checkRangeSize(start, dates.endDate, maxDays);
  return start;
}

const skippedPairWarning = (day: PlannedModelDay): string =>
  `Skipped ${day.model}/${day.date} - already completed`;

function nothingToRunMessage(
  input: PlanInput,
  candidates: number,
  skipped: readonly PlannedModelDay[],
  takenDays: readonly PlannedModelDay[],
): string {
  const { dates } = input;
  if (candidates === 0) {
    if (
      dates.resumeMode &&
      input.models.every((m) => (input.liveDates.get(m)?.at(-1) ?? '') >= dates.endDate)
    ) {
      return `All requested simulations are already completed. Every model has traded through ${dates.endDate}.`;
    }
    const from = dates.startDate ?? 'the last completed day';
    return `No trading days between ${from} and ${dates.endDate}: weekends and exchange holidays are not trading days.`;
  }
  if (skipped.length === 0 && takenDays.length > 0) {
    return 'All requested model-days are already planned by another active job.';
  }
  // The original's wording, with its Python-style list of the per-pair warnings.
  const details = skipped.map((d) => `'${skippedPairWarning(d)}'`).join(', ');
  return `All requested simulations are already completed. Skipped ${skipped.length} model-day pair(s). Details: [${details}]`;
}

function conflictMessage(
  conflicts: readonly { model: string; from: string; later: readonly string[] }[],
): string {
  const parts = conflicts.map(
    ({ model, from, later }) => `${model} from ${from} would change its completed days ${listDates(later)}`,
  );
  return (
    `Refused: these model-days come before days that already completed, whose starting positions they would change: ` +
    `${parts.join('; ')}. Pass replace_existing: true to re-run those later days too (their current results stay ` +
    `readable as superseded), or trigger dates after each model's last completed day.`
  );
}

function listDates(dates: readonly string[]): string {
  const shown = dates.slice(0, DATES_SHOWN).join(', ');
  return dates.length > DATES_SHOWN ? `${shown} and ${dates.length - DATES_SHOWN} more` : shown;
}

function describeDays(days: readonly PlannedModelDay[]): string {
  const byModel = new Map<string, string[]>();
  for (const d of days) byModel.set(d.model, [...(byModel.get(d.model) ?? []), d.date]);
  return [...byModel].map(([model, ds]) => `${model} (${ds.join(', ')})`).join('; ');
}
