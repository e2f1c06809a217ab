import { compareText } from '../core/dates.js';
import type { DayScope } from './job-store.js';

/**
 * One model's unfinished days in one active job, summed up by status: what the claim rule needs to
 * know of them, in a few rows however long the job is.
 */
export interface DayLane {
  jobId: string;
  /** Whether the job may hand out days now: `running` and no cancel asked for. */
  jobOpen: boolean;
  jobCreatedAt: string;
  model: string;
  status: 'pending' | 'running';
  /** The lane's earliest date. */
  firstDate: string;
  /** The latest lease among its running days (null for pending lanes or days without one). */
  leaseUntil: string | null;
}

/** A model-day the claim rule lets run now. */
export interface RunnableDay {
  jobId: string;
  model: string;
  date: string;
}

const byJobAge = (a: DayLane, b: DayLane): number =>
  compareText(a.jobCreatedAt, b.jobCreatedAt) || compareText(a.jobId, b.jobId);

/**
 * The days that may run now, best first, by the rule of `JobClaims.claimDay`: a model's days run one
 * at a time and in date order, its jobs in the order they were created, and never while any of its
 * days runs under a live lease. At most one day per model, since a claim makes its model busy.
 */
export function runnableDays(lanes: readonly DayLane[], now: string, scope: DayScope = {}): RunnableDay[] {
  const skip = new Set(scope.skipJobs ?? []);
  const only = scope.models ? new Set(scope.models) : undefined;
  const except = new Set(scope.exceptModels ?? []);
  const byModel = new Map<string, DayLane[]>();
  for (const lane of lanes) {
    if (only && !only.has(lane.model)) continue;
    if (except.has(lane.model)) continue;
    const list = byModel.get(lane.model);
    if (list) list.push(lane);
    else byModel.set(lane.model, [lane]);
  }

  const picked: { day: RunnableDay; lane: DayLane }[] = [];
  for (const [model, modelLanes] of byModel) {
    const busy = modelLanes.some(
      (l) => l.status === 'running' && l.leaseUntil !== null && l.leaseUntil >= now,
    );
    if (busy) continue;
    // Only the oldest job that still has this model's days to run may run them.
    const oldest = [...modelLanes].sort(byJobAge)[0]!;
    const ofJob = modelLanes.filter((l) => l.jobId === oldest.jobId);
    const pending = ofJob.find((l) => l.status === 'pending');
    const running = ofJob.find((l) => l.status === 'running');
    if (!pending || !oldest.jobOpen || skip.has(oldest.jobId)) continue;
    // An earlier day of the model in this job still runs (its worker died and recovery will hand it back).
    if (running && running.firstDate < pending.firstDate) continue;
    picked.push({ day: { jobId: oldest.jobId, model, date: pending.firstDate }, lane: oldest });
  }
  return picked
    .sort(
      (a, b) =>
        byJobAge(a.lane, b.lane) ||
        compareText(a.day.date, b.day.date) ||
        compareText(a.day.model, b.day.model),
    )
    .map((p) => p.day);
}
