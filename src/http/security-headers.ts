/**
 * The headers every answer carries, whatever wrote it (a route, the docs, the dashboard's files,
 * the MCP transport, a refusal before routing, the HTTP parser's own refusals): set here, once.
 *
 * - No page of this server may be framed (`frame-ancestors 'none'`, and X-Frame-Options for old
 *   browsers): a frame is how a site tricks a visitor into clicking "cancel".
 * - Pages load scripts, styles, images and data from this server alone; styles may be inline (React
 *   and the chart library set them at run time), scripts may not.
 * - Nothing is sniffed into another type (a JSON answer never runs as a script), no URL leaks in a
 *   Referer, and other sites' pages get neither a window handle nor the answers as subresources.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
});

/**
 * Sets them on the raw response as a request arrives, so that they go out however the answer is
 * written: Node merges them into any later writeHead.
 */
export function setSecurityHeaders(response: { setHeader(name: string, value: string): unknown }): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
}

/** The same, as header lines of an answer written straight to the socket (`Name: value\r\n` each). */
export function securityHeaderLines(): string {
  return Object.entries(SECURITY_HEADERS)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
}
