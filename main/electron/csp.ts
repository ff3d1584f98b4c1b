/**
 * The Content-Security-Policy of every page the window loads: only the app's own scripts and
 * styles, no eval, no inline script, no plugins, no framing; content comes from the app's own
 * origin (shelf://app/bridge/content/…).
 * Served as a response header by the protocol handler (a meta tag cannot set frame-ancestors).
 */
export const ELECTRON_CSP = [
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
