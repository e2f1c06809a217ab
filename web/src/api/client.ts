/**
 * Talking to the server the page came from. Every failure becomes an ApiError carrying the HTTP
 * status and the API's `detail` (a message, or FastAPI's list of `{loc, msg, type}` for 422s), so
 * forms can show the server's own words. POSTs carry the API token when the user gave one.
 */
import type { ValidationIssue } from './types.js';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    /** The answer's `detail` when it had one. */
    readonly detail: string | ValidationIssue[] | undefined = undefined,
  ) {
    super(message);
  }

  get issues(): ValidationIssue[] {
    return Array.isArray(this.detail) ? this.detail : [];
  }
}

const TOKEN_KEY = 'ai-trader.api-token';

/** The token lives for the browser tab only (sessionStorage), never in the URL or localStorage. */
export const apiToken = {
  get(): string | null {
    try {
      return sessionStorage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  },
  set(token: string): void {
    try {
      sessionStorage.setItem(TOKEN_KEY, token);
    } catch {
      // Storage refused (private mode): the token then lasts until the page reloads, via memory.
    }
    memoryToken = token;
  },
  clear(): void {
    try {
      sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      // nothing stored
    }
    memoryToken = null;
  },
};
let memoryToken: string | null = null;
const currentToken = (): string | null => apiToken.get() ?? memoryToken;

/** A path with its query; undefined, null and empty values are left out. */
export function apiPath(
  path: string,
  query: Record<string, string | number | null | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

async function send<T>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = method === 'POST' ? currentToken() : null;
  if (token) headers['authorization'] = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'The server cannot be reached. Is it running?');
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!response.ok) throw errorFrom(response.status, parsed);
  return parsed as T;
}

function errorFrom(status: number, body: unknown): ApiError {
  const detail = (body as { detail?: unknown } | undefined)?.detail;
  if (typeof detail === 'string') return new ApiError(status, detail, detail);
  if (Array.isArray(detail)) {
    const issues = detail as ValidationIssue[];
    return new ApiError(status, issues.map((issue) => issue.msg).join('; '), issues);
  }
  return new ApiError(status, `The server answered HTTP ${status}.`);
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal): Promise<T> => send<T>('GET', path, undefined, signal),
  post: <T>(path: string, body?: unknown): Promise<T> => send<T>('POST', path, body ?? {}),
};
