import { FIRST_SCREEN_GATE_HASH } from './first-screen-gate';

/**
 * The Content-Security-Policy of every renderer page, in Electron (a response header of the
 * shelf:// protocol; a meta tag cannot set frame-ancestors) and in the browser host alike: only
 * the app's own scripts and styles, no eval, no inline script but the first screen's gate (allowed
 * by its hash, shared/first-screen-gate.ts), no plugins, no framing; content
 * comes from the app's own origin.
 *
 * What the EPUB reader (foliate-js, docs/design.md §11.2) needs, and nothing more: it unzips the book in the page and
 * shows each section in a sandboxed iframe loaded from a `blob:` URL (`frame-src blob:`); the
 * book's style sheets, images and fonts become `blob:` URLs too (`style-src`/`img-src`/`font-src
 * blob:`); foliate's paginator writes `<style>` elements into its shadow root and into each
 * section (`style-src 'unsafe-inline'`). A blob: document inherits this policy, so a book's own
 * scripts never run: `script-src` stays `'self'`. The PDF viewer (pdf.js) runs its worker from
 * the app's own files (`worker-src 'self'`).
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  `script-src 'self' ${FIRST_SCREEN_GATE_HASH}`,
  "style-src 'self' 'unsafe-inline' blob:",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' blob:",
  "connect-src 'self'",
  "frame-src 'self' blob:",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
