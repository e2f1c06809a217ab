/** A job's status as the CLI prints it: counts, error, warnings, and why model-days failed or were skipped. */
import type { JobStatusResponse } from '../http/contract/simulate.js';
import type { TextSink } from './progress.js';

type Detail = JobStatusResponse['details'][number];

/** Dates listed per model in a reason group before the rest are counted. */
const DATES_SHOWN = 8;

export function formatJobStatus(status: JobStatusResponse): string {
  const p = status.progress;
  const lines = [
    `job ${status.job_id}: ${status.status}`,
    `  market: ${status.market}, ${status.date_range.length} dates, models ${status.models.join(', ')}`,
    `  model-days: ${p.total_model_days} total, ${p.completed} completed, ${p.failed} failed, ${p.skipped} skipped, ${p.pending} pending`,
  ];
  if (status.error) lines.push(`  error: ${status.error}`);
  for (const warning of status.warnings ?? []) lines.push(`  warning: ${warning}`);
  lines.push(...reasonGroups('failed', status.details), ...reasonGroups('skipped', status.details));
  return `${lines.join('\n')}\n`;
}

export function printJobStatus(out: TextSink, status: JobStatusResponse): void {
  out.write(formatJobStatus(status));
}

/**
 * Model-days of one state grouped by their reason, so a misconfigured key reads as one line naming
 * every day it cost, not one line per day.
 */
function reasonGroups(state: 'failed' | 'skipped', details: readonly Detail[]): string[] {
  const byReason = new Map<string, Detail[]>();
  for (const detail of details) {
    if (detail.status !== state) continue;
    const reason = detail.error ?? 'no reason recorded';
    byReason.set(reason, [...(byReason.get(reason) ?? []), detail]);
  }
  if (byReason.size === 0) return [];
  const total = [...byReason.values()].reduce((n, days) => n + days.length, 0);
  const lines = [`  ${state} model-days (${total}):`];
  for (const [reason, days] of byReason) {
    lines.push(`    ${reason}`);
    const byModel = new Map<string, string[]>();
    for (const day of days) byModel.set(day.model, [...(byModel.get(day.model) ?? []), day.date]);
    for (const [model, dates] of byModel) lines.push(`      ${model}: ${listDates(dates)}`);
  }
  return lines;
}

function listDates(dates: readonly string[]): string {
  const shown = dates.slice(0, DATES_SHOWN).join(', ');
  return dates.length > DATES_SHOWN ? `${shown} and ${dates.length - DATES_SHOWN} more` : shown;
}
