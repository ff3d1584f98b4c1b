/**
 * The app is served from its own privileged scheme instead of file://, so it has a real origin
 * that navigation checks and the CSP can name, and no access to the file system by URL.
 */
export const APP_SCHEME = 'shelf';
/** Host serving the built renderer: shelf://app/index.html. */
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
/**
 * Decrypted content is served under the app's own origin (same path as in the browser host), so
 * the viewer can `fetch` a text without CORS; the response's CSP sandbox keeps a content opened
 * as a document from running script with that origin.
 */
export const CONTENT_PATH = '/bridge/content/';

/** The `contentUrl` the core puts in `content.open` results under Electron. */
export function contentUrl(contentId: string): string {
  return `${APP_ORIGIN}${CONTENT_PATH}${encodeURIComponent(contentId)}`;
}

/** True for URLs of the app itself (same scheme and host), the only place the window may be. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
