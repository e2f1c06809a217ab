/**
 * Job ids as they arrive in a path. The original answered any unknown or malformed id with
 * `404 Job {id} not found`; so do we, without asking the database about an id it could not even
 * hold (PostgreSQL fails a query holding NUL), nor about one the router could not decode.
 */
import { JobNotFoundError } from '../jobs/job-service.js';
import { isStorableText } from './contract/common.js';

/** The id, when it might name a job; a `JobNotFoundError` when no stored job can have it. */
export function possibleJobId(jobId: string): string {
  if (!isStorableText(jobId)) throw new JobNotFoundError(jobId);
  return jobId;
}

/** The routes whose path holds a job id, by method: the router refuses some ids before they get there. */
const JOB_ID_PATHS: readonly { methods: readonly string[]; path: RegExp }[] = [
  { methods: ['GET', 'HEAD'], path: /^\/simulate\/status\/([^/]+)$/ },
  { methods: ['GET', 'HEAD'], path: /^\/simulate\/status\/([^/]+)\/events$/ },
  { methods: ['POST'], path: /^\/simulate\/jobs\/([^/]+)\/cancel$/ },
];

/**
 * The job id in a URL the router refused (a percent-encoding that is not UTF-8, an id longer than
 * its parameter limit), decoded as the original's server did, invalid bytes as U+FFFD; undefined
 * when the URL is not a job route's.
 */
export function jobIdOfRefusedUrl(method: string, url: string): string | undefined {
  const path = url.split('?', 1)[0] ?? '';
  for (const route of JOB_ID_PATHS) {
    if (!route.methods.includes(method)) continue;
    const segment = route.path.exec(path)?.[1];
    if (segment !== undefined) return decodeLeniently(segment);
  }
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Percent-decoding that never fails: each run of escapes is read as UTF-8, bad bytes as U+FFFD. */
function decodeLeniently(segment: string): string {
  return segment.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) =>
    utf8.decode(Buffer.from(run.replaceAll('%', ''), 'hex')),
  );
}
