import type { AlphaVantageErrorKind } from './errors.js';

/** The body keys Alpha Vantage uses, with HTTP 200, to say "no data for you". */
export const NOTICE_FIELDS = ['Error Message', 'Information', 'Note'] as const;
export type NoticeField = (typeof NOTICE_FIELDS)[number];

export interface AlphaVantageNotice {
  field: NoticeField;
  text: string;
  kind: AlphaVantageErrorKind;
}

// Alpha Vantage has reworded these texts over the years, so match the stable phrases. The order
// matters: the per-minute note also quotes a per-day figure ("5 calls per minute and 500 calls per
// day") and the burst notice mentions the daily limit it could lift, yet both only ask us to slow
// down; only a notice about the day alone means the day's allowance is spent.
const SLOW_DOWN_PHRASES =
  /call frequency|(?:calls?|requests?) per minute|spreading out your free api requests|(?:calls?|requests?) per second|burst/i;
const DAILY_LIMIT_PHRASES = /\bper day\b|\bdaily (?:rate |request |api |call )?limits?\b|\bper 24 ?h/i;
// Any other limit wording: treated as a slow-down, which is retried a bounded number of times.
const RATE_LIMIT_PHRASES = /rate limit|\b\d+ requests\b|higher api call volume/i;
const INVALID_KEY_PHRASES =
  /apikey is invalid or missing|invalid api key|api key is invalid|demo api key is for demo purposes/i;
// Checked after the limit phrases: the daily-limit and burst notices also advertise "premium plans".
const PREMIUM_PHRASES = /premium endpoint|premium feature/i;

/** Classifies one notice text by its field and wording. */
export function classifyNotice(field: NoticeField, text: string): AlphaVantageErrorKind {
  if (SLOW_DOWN_PHRASES.test(text)) return 'rate_limit';
  if (DAILY_LIMIT_PHRASES.test(text)) return 'daily_limit';
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
