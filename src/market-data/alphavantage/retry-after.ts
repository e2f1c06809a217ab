/**
 * Milliseconds an HTTP `Retry-After` header asks for: either delay-seconds or an HTTP date
 * (compared with `wallClockNow`, epoch milliseconds). `undefined` when absent or unreadable.
 */
export function parseRetryAfter(header: string | null, wallClockNow: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // An HTTP date always names its month; Date.parse alone would take "-5" for a year.
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - wallClockNow);
}
