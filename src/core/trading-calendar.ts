/**
 * A market's trading calendar: which dates hold a session and which do not, and why. One class
 * serves every market; a market differs only in its weekend rule, its closures and the years its
 * rules are known for. Each year's sessions are computed once and memoised, so long ranges stay cheap.
 */
import { addDays, dayOfWeek, eachDate, isIsoDate } from './dates.js';

export interface Holiday {
  date: string;
  name: string;
}

/** A date or year a calendar does not cover; its closure rules beyond it are not known to hold. */
export class CalendarRangeError extends Error {
  override readonly name = 'CalendarRangeError';
  constructor(what: string, calendar = 'the trading calendar', range = '') {
    super(`${what} is outside ${calendar}${range === '' ? '' : ` (${range})`}`);
  }
}

export interface TradingCalendarSpec {
  /** Said in errors, e.g. `the trading calendar` (NYSE) or `the SSE trading calendar`. */
  label: string;
  firstYear: number;
  lastYear: number;
  /** Markets that trade every calendar day (crypto) have no weekend. */
  weekends: boolean;
  /** Full-day closures of a year other than weekends, ascending by date. */
  closures(year: number): readonly Holiday[];
}

interface YearCalendar {
  holidays: readonly Holiday[];
  closureNames: ReadonlyMap<string, string>;
  /** Every session of the year, ascending. */
  sessions: readonly string[];
}

export class TradingCalendar {
  readonly firstDate: string;
  readonly lastDate: string;
  readonly #spec: TradingCalendarSpec;
  readonly #years = new Map<number, YearCalendar>();

  constructor(spec: TradingCalendarSpec) {
    this.#spec = spec;
    this.firstDate = `${spec.firstYear}-01-01`;
    this.lastDate = `${spec.lastYear}-12-31`;
  }

  get firstYear(): number {
    return this.#spec.firstYear;
  }

  get lastYear(): number {
    return this.#spec.lastYear;
  }

  isSession(date: string): boolean {
    return this.closureReason(date) === null;
  }

  /** Null on a session; otherwise 'Weekend' or the name of the holiday or special closure. */
  closureReason(date: string): string | null {
    this.#assertInRange(date);
    if (this.#spec.weekends && isWeekendDay(dayOfWeek(date))) return 'Weekend';
    return this.#year(yearNumber(date)).closureNames.get(date) ?? null;
  }

  /** Sessions from `start` to `end`, both included, ascending; empty when `start` is after `end`. */
  sessionsBetween(start: string, end: string): string[] {
    this.#assertInRange(start);
    this.#assertInRange(end);
    const sessions: string[] = [];
    for (let year = yearNumber(start); year <= yearNumber(end); year++) {
      for (const session of this.#year(year).sessions) {
        if (session >= start && session <= end) sessions.push(session);
      }
    }
    return sessions;
  }

  countSessions(start: string, end: string): number {
    return this.sessionsBetween(start, end).length;
  }

  /** The last session strictly before `date`. */
  previousSession(date: string): string {
    return this.#stepToSession(date, -1);
  }

  /** The first session strictly after `date`. */
  nextSession(date: string): string {
    return this.#stepToSession(date, 1);
  }

  /** `date` itself when it is a session, else the last one before it. */
  latestSessionOnOrBefore(date: string): string {
    return this.isSession(date) ? date : this.previousSession(date);
  }

  /** Full-day closures of `year` (weekends aside), ascending; copies, safe to change. */
  closures(year: number): Holiday[] {
    if (!Number.isInteger(year) || year < this.#spec.firstYear || year > this.#spec.lastYear) {
      throw this.#rangeError(`Year ${year}`);
    }
    return this.#year(year).holidays.map((holiday) => ({ ...holiday }));
  }

  /** Whether `date` (a valid `YYYY-MM-DD`) lies within the years this calendar knows. */
  covers(date: string): boolean {
    return date >= this.firstDate && date <= this.lastDate;
  }

  #stepToSession(date: string, direction: 1 | -1): string {
    this.#assertInRange(date);
    let candidate = date;
    do {
      candidate = addDays(candidate, direction);
      // Stepping past either end means the answer lies where the rules are unknown.
      if (!this.covers(candidate)) throw this.#rangeError(`The session next to ${date}`);
    } while (!this.isSession(candidate));
    return candidate;
  }

  #year(year: number): YearCalendar {
    const cached = this.#years.get(year);
    if (cached) return cached;
    const holidays = this.#spec.closures(year);
    const closureNames = new Map(holidays.map((holiday) => [holiday.date, holiday.name]));
    // Track the weekday by position rather than re-deriving it for each of the year's dates.
    const januaryFirstWeekday = dayOfWeek(`${year}-01-01`);
    const weekends = this.#spec.weekends;
    const sessions = eachDate(`${year}-01-01`, `${year}-12-31`).filter(
      (date, index) =>
        !(weekends && isWeekendDay((januaryFirstWeekday + index) % 7)) && !closureNames.has(date),
    );
    const calendar: YearCalendar = { holidays, closureNames, sessions };
    this.#years.set(year, calendar);
    return calendar;
  }

  #assertInRange(date: string): void {
    if (!isIsoDate(date)) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
    // Valid ISO dates order lexicographically exactly as they order in time.
    if (!this.covers(date)) throw this.#rangeError(`Date ${date}`);
  }

  #rangeError(what: string): CalendarRangeError {
    return new CalendarRangeError(what, this.#spec.label, `${this.firstDate}..${this.lastDate}`);
  }
}

function yearNumber(date: string): number {
  return Number(date.slice(0, 4));
}

function isWeekendDay(weekday: number): boolean {
  return weekday === 0 || weekday === 6;
}
