import type { AlphaVantageErrorKind } from './errors.js';

/** The body keys Alpha Vantage uses, with HTTP 200, to say "no data for you". */
export const NOTICE_FIELDS = ['Error Message', 'Information', 'Note'] as const;
export type NoticeField = (typeof NOTICE_FIELDS)[number];

export interface AlphaVantageNotice {
  field: NoticeField;
  text: string;
  kind: AlphaVantageErrorKind;
}

// Alpha Vantage has reworded these texts over the years (per-minute "call frequency" notes, the
// 25-per-day "rate limit", the one-per-second "spreading out" burst notice), so match the stable phrases.
const RATE_LIMIT_PHRASES =
  /call frequency|rate limit|requests? per day|\b\d+ requests\b|spreading out your free api requests|requests? per second|burst pattern|higher api call volume/i;
const INVALID_KEY_PHRASES =
  /apikey is invalid or missing|invalid api key|api key is invalid|demo api key is for demo purposes/i;
// Checked after the rate-limit phrases: the daily-limit and burst notices also advertise "premium plans".
const PREMIUM_PHRASES = /premium endpoint|premium feature/i;

/** Classifies one notice text by its field and wording. */
export function classifyNotice(field: NoticeField, text: string): AlphaVantageErrorKind {
  if (RATE_LIMIT_PHRASES.test(text)) return 'rate_limit';
  if (INVALID_KEY_PHRASES.test(text)) return 'invalid_key';
  if (PREMIUM_PHRASES.test(text)) return 'premium';
  // "Invalid API call. Please retry or visit the documentation ..." is what an unknown symbol gets.
  if (field === 'Error Message') return 'unknown_symbol';
  return 'bad_payload';
}

/** The notice in a decoded 200 body, if the body is one; `undefined` for anything else. */
export function readNotice(body: unknown): AlphaVantageNotice | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  for (const field of NOTICE_FIELDS) {
    const text = record[field];
    if (typeof text === 'string') return { field, text, kind: classifyNotice(field, text) };
  }
  return undefined;
}

/** The failure kind an HTTP status implies, or `undefined` for a success status. */
export function kindForHttpStatus(status: number): AlphaVantageErrorKind | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (status === 429) return 'rate_limit';
  if (status >= 500) return 'server';
  return 'bad_payload';
}
