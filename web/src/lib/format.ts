/**
 * How numbers and dates read on the page; one place, so tables, charts and tests agree. Money of a
 * market is in its currency: lib/market.ts. LLM costs are in US dollars whatever the market.
 */

const cost = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const NOT_AVAILABLE = '—';

export const formatCost = (value: number | null | undefined): string =>
  value === null || value === undefined ? NOT_AVAILABLE : cost.format(value);

export const formatCount = (value: number | null | undefined): string =>
  value === null || value === undefined ? NOT_AVAILABLE : whole.format(value);

/** A percentage with its sign: `+1.23%`, `-0.50%`, `0.00%`. */
export function formatPercent(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NOT_AVAILABLE;
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return `${(0).toFixed(digits)}%`;
  return `${value > 0 ? '+' : '-'}${text}%`;
}

/** The API reports a drawdown as its depth, a positive percentage: `4.41%`. */
export const formatDrawdown = (value: number | null | undefined): string =>
  value === null || value === undefined || !Number.isFinite(value)
    ? NOT_AVAILABLE
    : `${Math.abs(value).toFixed(2)}%`;

export const formatRatio = (value: number | null | undefined): string =>
  value === null || value === undefined || !Number.isFinite(value) ? NOT_AVAILABLE : value.toFixed(2);

export function formatSeconds(value: number | null | undefined): string {
  if (value === null || value === undefined) return NOT_AVAILABLE;
  if (value < 60) return `${value.toFixed(1)} s`;
  const minutes = Math.floor(value / 60);
  return `${minutes} min ${Math.round(value - minutes * 60)} s`;
}

/** `2025-10-01T14:30:00.000Z` as the reader's local date and time. */
export function formatTimestamp(value: string | null | undefined): string {
  if (!value) return NOT_AVAILABLE;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString();
}

/** A job's dates as `first → last (N sessions)`. */
export function formatDateRange(dates: readonly string[]): string {
  if (dates.length === 0) return NOT_AVAILABLE;
  const first = dates[0] as string;
  const last = dates[dates.length - 1] as string;
  const sessions = `${dates.length} session${dates.length === 1 ? '' : 's'}`;
  return first === last ? `${first} (${sessions})` : `${first} → ${last} (${sessions})`;
}

export const shortId = (id: string): string => id.slice(0, 8);
