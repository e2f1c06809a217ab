/**
 * Which of a job's model-days a status answer lists. The original listed them all; a job of
 * thousands of model-days made that megabytes, so beyond DETAILS_PAGE_MAX the answer holds the first
 * page and says how to ask for the rest (`details_page`), while `progress` still counts every one.
 */
import type { JobDetail } from '../jobs/job-types.js';
import {
  DETAILS_PAGE_MAX,
  type DetailFilter,
  type DetailsPage,
  type StatusQuery,
} from './contract/simulate.js';

export interface DetailsView {
  filter: DetailFilter;
  offset: number;
  limit: number;
  /** The client chose the view: its answer names the page even when that page is the whole list. */
  chosen: boolean;
}

/** What a client that sends no view parameters gets: the original's answer, up to the bound. */
export const DEFAULT_DETAILS_VIEW: DetailsView = {
  filter: 'all',
  offset: 0,
  limit: DETAILS_PAGE_MAX,
  chosen: false,
};

export function detailsView(query: StatusQuery): DetailsView {
  const { details, details_offset: offset, details_limit: limit } = query;
  if (details === undefined && offset === undefined && limit === undefined) return DEFAULT_DETAILS_VIEW;
  return { filter: details ?? 'all', offset: offset ?? 0, limit: limit ?? DETAILS_PAGE_MAX, chosen: true };
}

/** Tells views apart in cache keys and ETags. */
export function detailsViewKey(view: DetailsView): string {
  return view.chosen ? `${view.filter}:${view.offset}:${view.limit}` : '';
}

export interface SelectedDetails<T> {
  details: T[];
  /** Absent when the answer lists every model-day and the client did not choose a view. */
  page?: DetailsPage;
}

export function selectDetails<T extends Pick<JobDetail, 'status'>>(
  details: readonly T[],
  view: DetailsView,
): SelectedDetails<T> {
  const selected =
    view.filter === 'all'
      ? details
      : view.filter === 'failed'
        ? details.filter((d) => d.status === 'failed')
        : [];
  const end = view.offset + view.limit;
  const page = selected.slice(view.offset, end);
  if (!view.chosen && page.length === selected.length) return { details: page };
  return {
    details: page,
    page: {
      filter: view.filter,
      offset: view.offset,
      limit: view.limit,
      total: selected.length,
      next_offset: end < selected.length ? end : null,
    },
  };
}
