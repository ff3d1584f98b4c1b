import type { AccountRow } from './store/account';

/**
 * The part of a server address a session is bound to: scheme and host name. The port is left
 * out on purpose: a local proxy or a moved port on the same host (as the tests use to cut the
 * network) keeps the session, while another host, or http instead of https, never receives it.
 */
function sessionScope(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.hostname}`;
  } catch {
    return null;
  }
}

export function sameSessionScope(a: string, b: string): boolean {
  const left = sessionScope(a);
  return left !== null && left === sessionScope(b);
}

/**
 * The stored bearer token, but only while the configured server is on the host that issued it.
 * When the address moves to another host (in settings, or SHELF_SERVER_URL at the next start)
 * the app is signed out there instead of handing that host this session; setting the address
 * back restores it.
 */
export function sessionToken(account: AccountRow, serverUrl: string): string | null {
  if (account.token === null || account.serverUrl === null) return null;
  return sameSessionScope(account.serverUrl, serverUrl) ? account.token : null;
}
