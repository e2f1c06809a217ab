/**
 * The ways an application service refuses a request, as domain errors: each interface maps them to
 * its own answer (HTTP status and `detail`, CLI message and exit status) in one place.
 */

/** The request was understood but cannot be done as asked; the message says why (HTTP 400). */
export class RefusedError extends Error {
  override readonly name: string = 'RefusedError';
}

/** What the request names does not exist (HTTP 404). */
export class NotFoundError extends Error {
  override readonly name: string = 'NotFoundError';
}
