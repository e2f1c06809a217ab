/**
 * What the operator should hear at start-up about who can reach the server: listening beyond this
 * machine without API_TOKEN, a wildcard address with no names to answer to, the Host check off.
 */
import type { Env } from '../config/env.js';
import { isLoopbackAddress } from './request-origin.js';

const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', '[::]']);

export function exposureWarnings(
  listenHost: string,
  env: Pick<Env, 'ALLOWED_HOSTS'>,
  apiToken: string,
): string[] {
  const warnings: string[] = [];
  if (!isLoopbackAddress(listenHost) && apiToken === '') {
    warnings.push(
      `Listening on ${listenHost} without API_TOKEN: anyone who can reach this port can start jobs ` +
        '(spending the LLM keys), cancel them and trade over /mcp. Set API_TOKEN, and put TLS in front ' +
        '(README, "Security")',
    );
  }
  if (env.ALLOWED_HOSTS.includes('*')) {
    warnings.push(
      'ALLOWED_HOSTS=* answers requests under any Host name: nothing stops DNS rebinding unless a ' +
        'proxy in front checks the name',
    );
  } else if (WILDCARD_ADDRESSES.has(listenHost.trim().toLowerCase()) && env.ALLOWED_HOSTS.length === 0) {
    warnings.push(
      `Listening on ${listenHost} with ALLOWED_HOSTS empty: requests are answered when they name the ` +
        'server by an IP address or localhost; a request naming it otherwise (trader.example.com) is ' +
        'refused 403 until that name is in ALLOWED_HOSTS',
    );
  }
  return warnings;
}
