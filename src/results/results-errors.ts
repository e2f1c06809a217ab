/** How the results service refuses a query, as domain errors the interfaces map once. */
import { NotFoundError, RefusedError } from '../core/errors.js';

export const NO_DATA_MESSAGE = 'No trading data found for the specified filters';

/** The dates of a query are malformed, out of order or in the future. */
export class InvalidResultsQueryError extends RefusedError {
  override readonly name = 'InvalidResultsQueryError';
}

/** Nothing was recorded for the query's filters. */
export class NoResultsError extends NotFoundError {
  override readonly name = 'NoResultsError';
  constructor() {
    super(NO_DATA_MESSAGE);
  }
}
