const APIKEY_QUERY_PARAM = /(apikey=)[^&\s"'#]*/gi;
const MASK = '***';

/**
 * Removes an API key from text bound for an error message or a log line. Both the `apikey=` query
 * parameter and bare occurrences are masked, because Alpha Vantage echoes the key back in its
 * daily-limit notice ("We have detected your API key as ...").
 */
export function redactApiKey(text: string, apiKey: string): string {
  let redacted = text.replace(APIKEY_QUERY_PARAM, `$1${MASK}`);
  if (apiKey.length === 0) return redacted;
  for (const form of new Set([apiKey, encodeURIComponent(apiKey)])) {
    redacted = redacted.split(form).join(MASK);
  }
  return redacted;
}
