import { isAppUrl } from './app-origin';

/**
 * A link may leave the app only to the system browser, only over https, and only to a plain
 * host name: no credentials in the URL (phishing), no IP literals or localhost (a page could
 * otherwise make the user's browser hit local services).
 */
export function isSafeExternalUrl(url: string): boolean {
  if (url.length > 2048) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  if (parsed.username || parsed.password) return false;
  const host = parsed.hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return false;
  if (/^[\d.]+$/.test(host) || host.startsWith('[')) return false;
  return host.includes('.');
}

/** The events of WebContents the guard uses (a fake in unit tests). */
export interface GuardedContents {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: { preventDefault(): void; url: string }) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface ExternalOpener {
  openExternal(url: string): Promise<void>;
}

/**
 * Blocks every navigation away from the app and every new window. The app is a single page:
 * a navigation elsewhere can only come from a link in content or an attack. Safe external
 * links go to the system browser instead, never into a window with the bridge.
 */
export function guardNavigation(
  contents: GuardedContents,
  shell: ExternalOpener,
  onRefused: (what: string, url: string) => void = () => {},
): void {
  const openOutside = (url: string) => {
    if (isSafeExternalUrl(url)) {
      shell.openExternal(url).catch(() => onRefused('open-external-failed', url));
    } else {
      onRefused('unsafe-external', url);
    }
  };
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    openOutside(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    onRefused('redirect', event.url);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    onRefused('webview', '');
  });
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
}
