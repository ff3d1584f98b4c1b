/**
 * The Content-Security-Policy of the browser host's pages: the app's own scripts and styles only
 * (no inline script, no eval), content from the host's bridge, no plugins, no framing.
 */
export const BROWSER_HOST_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
