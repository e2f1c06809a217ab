/**
 * The start of what an upstream service answered when it failed (an HTML error page, a proxy's
 * text): enough for an operator to see what happened, in a log line. Never for a public message:
 * it may quote anything, the request and its key included (callers redact what they know of).
 */
export function bodyExcerpt(text: string, maxChars: number): string {
  const trimmed = text.trim();
  return trimmed.length > maxChars ? `${trimmed.slice(0, maxChars)}…` : trimmed;
}
