/** Which dates a results query covers, and the refusals of dates that make no sense. */
import { isIsoDate, todayUtc } from '../core/dates.js';
import { InvalidResultsQueryError } from './results-errors.js';

export interface DateWindow {
  /** Undefined: from the first day on record. */
  start: string | undefined;
  end: string;
  /** One date: the answer lists model-days rather than summarising a range. */
  single: boolean;
}

/**
 * One given date stands for both ends. Without dates the window ends today and starts where
 * `defaultStart` says. Only dates the caller gave are checked against today, so a message always
 * names a field they sent. The wording is the original server's, which its clients match on.
 */
export function resolveWindow(
  query: { startDate?: string; endDate?: string },
  now: Date,
  defaultStart: (today: string) => string | undefined,
): DateWindow {
  const { startDate: start, endDate: end } = query;
  for (const value of [start, end]) {
    if (value !== undefined && !isIsoDate(value)) {
      throw new InvalidResultsQueryError(`Invalid date format: ${value}. Expected YYYY-MM-DD`);
    }
  }
  if (start !== undefined && end !== undefined && start > end) {
    throw new InvalidResultsQueryError(`start_date must be <= end_date (${start} > ${end})`);
  }
  const today = todayUtc(now);
  for (const [field, value] of [
    ['start_date', start],
    ['end_date', end],
  ] as const) {
    if (value !== undefined && value > today) {
      throw new InvalidResultsQueryError(
        `Cannot query future dates: ${field} (${value}) is after today (${today})`,
      );
    }
  }
  if (start === undefined && end === undefined) {
    const from = defaultStart(today);
    return { start: from, end: today, single: from === today };
  }
  const from = start ?? (end as string);
  const to = end ?? from;
  return { start: from, end: to, single: from === to };
}
