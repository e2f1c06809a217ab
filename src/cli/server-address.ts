/** Where a client on this machine reaches the server that HOST and PORT describe. */
import type { Env } from '../config/env.js';

/** Addresses that mean "every interface": a client on the same machine uses loopback instead. */
const ANY_ADDRESS: Readonly<Record<string, string>> = Object.freeze({
  '0.0.0.0': '127.0.0.1',
  '::': '::1',
  '[::]': '::1',
});

/** `http://HOST:PORT` as seen from this machine (`0.0.0.0` -> `127.0.0.1`, `::` -> `[::1]`). */
export function localServerUrl(env: Pick<Env, 'HOST' | 'PORT'>): string {
  const configured = env.HOST ?? '127.0.0.1';
  const host = ANY_ADDRESS[configured] ?? configured;
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${bracketed}:${env.PORT}`;
}
