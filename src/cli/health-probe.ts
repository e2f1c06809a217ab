/** Asks `GET /health` of the server that HOST and PORT describe, as the container's health check does. */
import { readEnv } from '../config/env.js';
import { localServerUrl } from './server-address.js';

export interface HealthProbe {
  /** True when /health answered 200. */
  ok: boolean;
  /** One line saying what was asked and what came back (or why nothing did). */
  line: string;
}

export async function probeHealth(env: NodeJS.ProcessEnv, timeoutMs = 4_000): Promise<HealthProbe> {
  let url: string;
  try {
    url = `${localServerUrl(readEnv(env))}/health`;
  } catch (error) {
    return { ok: false, line: error instanceof Error ? error.message : String(error) };
  }
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await response.json().catch(() => ({}))) as { status?: unknown; detail?: unknown };
    const said = [body.status, body.detail].filter((part) => typeof part === 'string').join(': ');
    return { ok: response.status === 200, line: `${url}: ${response.status}${said ? ` ${said}` : ''}` };
  } catch (error) {
    const code = (error as { cause?: { code?: unknown } }).cause?.code;
    const reason = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
    return { ok: false, line: `${url}: ${reason}` };
  }
}
