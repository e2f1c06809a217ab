/**
 * URLs as errors may show them: scheme, host and path. A configured base URL may carry credentials
 * (`https://user:secret@proxy/v1`, `?api-key=...`), and an error about it can end up anywhere a
 * model-day's error goes (the job status, its event stream, a log shipped elsewhere).
 */

/** `https://user:secret@proxy.example:8443/v1?api-key=k#x` -> `https://proxy.example:8443/v1`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    // Not a URL the WHATWG parser takes: still drop whatever may be a secret.
    return url.replace(/\/\/[^/@\s]*@/, '//').replace(/[?#].*$/, '');
  }
}

/** Every URL in a text (an error message, a cause chain), each redacted as `redactUrl` does. */
export function redactUrlsIn(text: string): string {
  // A URL ends before white space or quotes, and not on the punctuation of the sentence around it.
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]*[^\s"'<>.,;:!?)]/gi, (url) => redactUrl(url));
}
