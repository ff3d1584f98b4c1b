/**
 * The Content-Security-Policy of every renderer page, in Electron (a response header of the
 * shelf:// protocol; a meta tag cannot set frame-ancestors) and in the browser host alike: only
 * the app's own scripts and styles, no eval, no inline script, no plugins, no framing; content
 * comes from the app's own origin.
 */
export const RENDERER_CSP = [
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
